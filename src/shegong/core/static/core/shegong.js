/* Shegong's own small script. The Content-Security-Policy (issue 10) allows no inline script
   or event handler, so behaviour that a template would have written inline lives here. */
"use strict";

/* <select data-submit-on-change>: submit its form when a choice is made (the navbar's
   language switch; a <noscript> button does it without JavaScript). */
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change")) {
    field.form.requestSubmit();
  }
});

/* <details class="filter-panel">, a list's filters: open in the page; on a phone (below
   768 px) closed unless the list is filtered, so that the records come first; open again
   when the window widens (on a desktop its summary is hidden: shegong.css). */
(() => {
  const phone = window.matchMedia("(max-width: 767.98px)");
  const unfiltered = ["page", "sort", "per_page"];
  const filtered = Array.from(new URLSearchParams(window.location.search)).some(
    ([key, value]) => value !== "" && !unfiltered.includes(key),
  );
  const panels = () => document.querySelectorAll("details.filter-panel");
  const fit = () => panels().forEach((panel) => { panel.open = !phone.matches || filtered; });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fit);
  } else {
    fit();
  }
  phone.addEventListener("change", fit);
})();

/* A table wider than the screen scrolls sideways in its .table-responsive box; a keyboard user
   must be able to reach that box to scroll it (WCAG 2.1.1, axe's scrollable-region-focusable).
   Each box that overflows becomes focusable, a group named by its table's caption when the
   table has one (a group, not a region: a page section already carries that name as its
   landmark); a box that fits the screen stays out of the tab order. */
let captionIds = 0;
function markScrollableTables(root) {
  root.querySelectorAll(".table-responsive").forEach((box) => {
    if (box.scrollWidth > box.clientWidth) {
      box.tabIndex = 0;
      box.setAttribute("role", "group");
      const caption = box.querySelector("caption");
      if (caption && caption.textContent.trim()) {
        caption.id = caption.id || `table-caption-${++captionIds}`;
        box.setAttribute("aria-labelledby", caption.id);
      }
    } else if (box.getAttribute("tabindex") === "0") {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-labelledby");
    }
  });
}
document.addEventListener("DOMContentLoaded", () => markScrollableTables(document));
document.addEventListener("htmx:afterSettle", () => markScrollableTables(document));
window.addEventListener("resize", () => markScrollableTables(document));

/* The error summary at the top of a form (core/partials/error_summary.html, issue 12): it
   takes the focus when the page loads, so a screen reader reads it first and a keyboard user
   starts from it; each of its links moves the focus to its field, with the field's label in
   view (a plain link to the field's id would scroll the label out of sight and leave the
   focus where it was). */
const errorSummary = document.querySelector("[data-error-summary]");
if (errorSummary) {
  errorSummary.focus();
}
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-error-summary] a[href^='#']");
  if (!link) {
    return;
  }
  const field = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!field) {
    return;
  }
  event.preventDefault();
  const label = field.id ? document.querySelector(`label[for="${CSS.escape(field.id)}"]`) : null;
  (label || field).scrollIntoView({ block: "start" });
  field.focus({ preventScroll: true });
  history.replaceState(null, "", link.hash);
});
