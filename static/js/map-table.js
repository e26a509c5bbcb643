// The table under the map is rendered by the server alone (pages/map_table.py). For
// another year or tier this moves the server's rendering of its parts into the page, and it
// links the rows to the map: pointing at or tabbing to a row shows that council.

const table = document.getElementById("council-table");
const rows = document.getElementById("council-rows");

// `parsed` is the document of ?part=table; `ids` the parts it holds, each found by its id in
// both. Moving the nodes keeps them as the server wrote them: no markup is made here.
export function replaceTable(parsed, ids) {
  for (const id of ids) {
    const fresh = parsed.getElementById(id);
    const live = document.getElementById(id);
    if (fresh && live) live.replaceChildren(...fresh.childNodes);
  }
  table.dispatchEvent(new Event("rows-changed")); // sortable.js keeps the reader's order
}

export function highlightRow(code) {
  for (const row of rows.rows) row.classList.toggle("is-highlighted", row.dataset.gss === code);
}

export function clearRowHighlight() {
  for (const row of table.querySelectorAll("tr.is-highlighted")) row.classList.remove("is-highlighted");
}

export function linkRowsToMap({ show, hide, showing }) {
  rows.addEventListener("focusin", (event) => {
    const row = event.target.closest("tr[data-gss]");
    if (row) show(row.dataset.gss);
  });
  rows.addEventListener("mouseover", (event) => {
    const row = event.target.closest("tr[data-gss]");
    if (row && showing() !== row.dataset.gss) show(row.dataset.gss);
  });
  rows.addEventListener("focusout", () => hide());
  table.addEventListener("mouseleave", () => hide());
}

// The council's name column stays in view as the table scrolls sideways (site.css), so a
// control that the browser scrolled just into view at the left edge would sit under it: the
// sort buttons on a phone (WCAG 2.4.11, issue 15). Scroll such a control clear of the column.
export function keepFocusClearOfStickyColumn(scroller) {
  scroller.addEventListener("focusin", (event) => {
    const sticky = scroller.querySelector("thead th:first-child");
    if (!sticky || sticky.contains(event.target) || event.target.closest("tbody th")) return;
    const covered = sticky.getBoundingClientRect().right - event.target.getBoundingClientRect().left;
    if (covered > 0) scroller.scrollLeft -= covered + 8;
  });
}
