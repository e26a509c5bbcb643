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
export function formatValue(value, unit) {
  if (value === null || value === undefined) return "–";
  const text = value.toLocaleString("en-GB", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return text + unit;
}

export function formatCount(value) {
  if (value === null || value === undefined) return "–";
  return value.toLocaleString("en-GB");
}

export function plural(count, one, many) {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
