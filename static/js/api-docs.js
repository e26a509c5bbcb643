// The API documentation page (templates/drf_spectacular/swagger_ui.html), issue 15.
//
// Swagger UI draws its own <main> for the operations, and above it the schema's title and
// description with no landmark round them; its operation groups are <h3>s under the <h1>
// title. As it draws, the description is made a named region and each group a level-2
// heading (and what is under it one level up), so the page's landmarks cover everything and its headings go 1, 2, 3.
"use strict";

function mend(root) {
  root.querySelectorAll(".information-container:not([role])").forEach((info) => {
    info.setAttribute("role", "region");
    info.setAttribute("aria-label", "About the API");
  });
  root.querySelectorAll("h3.opblock-tag:not([aria-level])").forEach((heading) => {
    heading.setAttribute("aria-level", "2");
  });
  // The headings under them (the schemas' list, an operation's parameters) move up with them.
  for (const [tag, level] of [["h4", "3"], ["h5", "4"]]) {
    root.querySelectorAll(`${tag}:not([aria-level])`).forEach((heading) => {
      heading.setAttribute("aria-level", level);
    });
  }
}

const target = document.getElementById("swagger-ui");
new MutationObserver(() => mend(target)).observe(target, { childList: true, subtree: true });
mend(target);
