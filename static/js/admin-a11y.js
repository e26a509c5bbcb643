// Staff pages (templates/admin/base_site.html), issue 15.
//
// The council and decision autocompletes are Select2 boxes that Django's autocomplete.js
// draws in place of the <select>: their combobox is named by the chosen value alone
// ("Felpersham"), never by its field ("Council"). Each is given its field's label as the
// first part of its name.
//
// The tabular inlines' first column heading is empty (it holds each saved row's name): it is
// given words for screen readers.
"use strict";

function nameAutocompletes(root) {
  root.querySelectorAll("select.admin-autocomplete").forEach((select) => {
    const label = document.querySelector(`label[for="${select.id}"]`);
    const box = select.parentElement.querySelector(".select2-selection");
    if (!box) return;
    let labelId = label && label.id;
    if (label && !labelId) {
      labelId = `${select.id}-label`;
      label.id = labelId;
    }
    const current = box.getAttribute("aria-labelledby") || "";
    if (labelId && !current.split(" ").includes(labelId)) {
      box.setAttribute("aria-labelledby", `${labelId} ${current}`.trim());
    } else if (!labelId && !box.hasAttribute("aria-label")) {
      box.setAttribute("aria-label", select.name);
    }
    // The text box inside that shows the choice is empty on an add form: named by the field.
    const rendered = box.querySelector(".select2-selection__rendered");
    if (rendered && labelId && !rendered.hasAttribute("aria-labelledby")) {
      rendered.setAttribute("aria-labelledby", labelId);
    }
  });
  // The search box of an open list of choices.
  root.querySelectorAll(".select2-search__field:not([aria-label])").forEach((field) => {
    field.setAttribute("aria-label", "Search the choices");
  });
}

// Django's help icons beside the two-box choosers carry an aria-label on a plain <span>,
// which has no role to be named: they are images.
function nameHelpIcons() {
  document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach((icon) => {
    icon.setAttribute("role", "img");
  });
}

function nameInlineHeadings() {
  document.querySelectorAll(".tabular thead th.original").forEach((th) => {
    if (th.textContent.trim()) return;
    const words = document.createElement("span");
    words.className = "visually-hidden";
    words.textContent = "Saved record";
    th.appendChild(words);
  });
}

// Select2 draws its boxes when jQuery is ready, which may come before or after this script's
// turn, and again for each inline row added: the page is watched rather than guessed at.
document.addEventListener("DOMContentLoaded", () => {
  nameAutocompletes(document);
  nameInlineHeadings();
  nameHelpIcons();
  new MutationObserver(() => {
    nameAutocompletes(document);
    nameHelpIcons();
  }).observe(document.body, {
    childList: true,
    subtree: true,
  });
});
