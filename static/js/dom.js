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
// map's 1,480 cells; one Intl.NumberFormat reused takes under 1 ms). And made when first used,
// not when the module loads: the first formatter of a page loads the locale's data (tens of
// ms), which the map page would otherwise spend before drawing, for a tooltip not yet shown.
const formatters = new Map();

function formatter(name, options) {
  if (!formatters.has(name)) formatters.set(name, new Intl.NumberFormat("en-GB", options));
  return formatters.get(name);
}

export function formatValue(value, unit) {
  if (value === null || value === undefined) return "–";
  return formatter("rate", { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value) + unit;
}

export function formatCount(value) {
  if (value === null || value === undefined) return "–";
  return formatter("count", {}).format(value);
}

export function plural(count, one, many) {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
