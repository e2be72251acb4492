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
