/* Search-as-you-type choice fields (issue 13, ADR 0044).

   The server renders each choice over a table that can grow as
   <input data-autocomplete="lookup URL" data-autocomplete-options='[{"value", "text"}]' ...>
   (core.forms.AutocompleteWidget): a plain input of the id when JavaScript is off. Here each
   becomes a Tom Select control that asks the lookup for the rows matching what the user types
   (a page of them, only rows the user may see). No inline script (the CSP): everything comes
   from the data attributes, and lists that htmx swaps in are set up too (htmx:load). */
"use strict";

(() => {
  function escapeHtml(text) {
    const div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function setUp(input) {
    if (input.tomselect || typeof TomSelect === "undefined") {
      return;
    }
    const data = input.dataset;
    const url = data.autocomplete;
    const min = parseInt(data.autocompleteMin || "2", 10);
    const multiple = input.hasAttribute("data-autocomplete-multiple");
    let chosen = [];
    try {
      chosen = JSON.parse(data.autocompleteOptions || "[]");
    } catch (error) {
      chosen = [];
    }
    const message = (css, text) => `<div class="${css}">${escapeHtml(text || "")}</div>`;
    const control = new TomSelect(input, {
      valueField: "value",
      labelField: "text",
      searchField: [],
      options: chosen,
      items: chosen.map((row) => row.value),
      maxItems: multiple ? null : 1,
      delimiter: ",",
      create: false,
      persist: false,
      loadThrottle: 250,
      maxOptions: null,
      placeholder: data.autocompleteHint,
      plugins: multiple ? { remove_button: { title: data.autocompleteRemove } } : [],
      // The server already chose and ordered the rows; show them as they come.
      score: () => () => 1,
      shouldLoad: (query) => query.trim().length >= min,
      load(query, callback) {
        this.clearOptions();
        const address = new URL(url, window.location.href);
        address.searchParams.set("q", query.trim());
        fetch(address, { headers: { Accept: "application/json" }, credentials: "same-origin" })
          .then((response) => (response.ok ? response.json() : { results: [] }))
          .then((answer) => callback(answer.results || []))
          .catch(() => callback());
      },
      render: {
        no_results: () => message("no-results", data.autocompleteNone),
        loading: () => message("spinner-border spinner-border-sm m-2", ""),
        not_loading: (query) =>
          query.input.trim().length < min ? message("no-results", data.autocompleteHint) : null,
      },
    });
    if (input.hasAttribute("data-submit-on-change") && input.form) {
      // A filter: the list follows the choice at once (htmx swaps the table).
      control.on("change", () => input.form.requestSubmit());
    }
  }

  function setUpAll(root) {
    if (!root || !root.querySelectorAll) {
      return;
    }
    if (root.matches && root.matches("input[data-autocomplete]")) {
      setUp(root);
    }
    root.querySelectorAll("input[data-autocomplete]").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", () => setUpAll(document));
  document.addEventListener("htmx:load", (event) => setUpAll(event.detail.elt));
})();
