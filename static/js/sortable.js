// Sortable tables: every table marked data-sortable gets a button in each column heading.
// Clicking sorts the rows by that column (numbers by their data-value, text alphabetically;
// cells without a figure always last) and says so with aria-sort. Tables whose rows are
// redrawn by another script fire "rows-changed" on the table, and the current order is kept.

function cellKey(row, index) {
  const cell = row.cells[index];
  return cell ? (cell.dataset.value ?? cell.textContent.trim()) : "";
}

function compare(a, b, numeric, direction) {
  if (numeric) {
    const x = a === "" ? null : Number(a);
    const y = b === "" ? null : Number(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return (x - y) * direction;
  }
  return a.localeCompare(b, "en-GB", { sensitivity: "base" }) * direction;
}

function sortRows(table, index, direction) {
  const heading = table.tHead.rows[0].cells[index];
  const numeric = heading.dataset.type === "number";
  for (const body of table.tBodies) {
    const rows = Array.from(body.rows);
    rows.sort((r1, r2) => compare(cellKey(r1, index), cellKey(r2, index), numeric, direction));
    body.append(...rows);
  }
}

export function makeSortable(table) {
  if (table.dataset.sortableReady) return;
  table.dataset.sortableReady = "true";
  const headings = Array.from(table.tHead.rows[0].cells);
  let current = null;
  headings.forEach((heading, index) => {
    // A page may write the buttons itself (the map page does: see templates/home.html).
    let button = heading.querySelector(".sort-button");
    if (!button) {
      button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      button.append(...heading.childNodes);
      heading.append(button);
    }
    button.addEventListener("click", () => {
      const numeric = heading.dataset.type === "number";
      // Numbers start high (rankings), names start at A.
      const first = numeric ? -1 : 1;
      const direction = current && current.index === index ? -current.direction : first;
      current = { index, direction };
      for (const other of headings) other.removeAttribute("aria-sort");
      heading.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
      sortRows(table, index, direction);
    });
  });
  table.addEventListener("rows-changed", () => {
    if (current) sortRows(table, current.index, current.direction);
  });
}

// A table marked data-sortable="later" is made sortable by its page's own script when the page
// is ready for it (the map page's, once the map is drawn).
for (const table of document.querySelectorAll('table[data-sortable]:not([data-sortable="later"])')) {
  makeSortable(table);
}
