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
