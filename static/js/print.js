// Before printing, open every closed <details> (a council page's rankings and funnel plot) so
// that what it holds is on paper, and close them again afterwards (static/css/print.css does
// the same in Chromium without a script). An external file: the site's CSP allows no inline
// script.
"use strict";

const opened = [];
window.addEventListener("beforeprint", () => {
  document.querySelectorAll("details:not([open])").forEach((details) => {
    details.open = true;
    opened.push(details);
  });
});
window.addEventListener("afterprint", () => {
  opened.splice(0).forEach((details) => {
    details.open = false;
  });
});
