// Small DOM helpers shared by the page scripts. Text always goes in through textContent or
// Text nodes, never innerHTML: council names and summaries are data, and data is never markup.

export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of [].concat(children)) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

// The same formats as the server (decisions.charts.format_value and pages.cells): rates
// with one decimal and thousands separators, counts with separators, a dash for no figure.
// Made once: toLocaleString with options builds a formatter on every call (112 ms for the
// map's 1,480 cells; one Intl.NumberFormat reused takes under 1 ms).
const RATE = new Intl.NumberFormat("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const COUNT = new Intl.NumberFormat("en-GB");

export function formatValue(value, unit) {
  if (value === null || value === undefined) return "–";
  return RATE.format(value) + unit;
}

export function formatCount(value) {
  if (value === null || value === undefined) return "–";
  return COUNT.format(value);
}

export function plural(count, one, many) {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
