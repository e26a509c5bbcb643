// The map coloured by one category (service area): only the upheld rate is counted by category
// (decisions/map_categories.py), so while one is chosen the measure is the upheld rate, the
// other measures are disabled, and the words of the map name the category. The table under the
// map stays the headline table, and a note beside its caption says so.

// With a category chosen, the measure is the upheld rate (pages/map_category.py, category_stat).
export function fitCategory(state, config) {
  if (state.category) state.stat = config.categoryStat;
  return state;
}

// "Upheld rate", "Upheld rate, housing", "Upheld rate, housing, compared with similar councils":
// the words of pages/map_category.py map_label.
export function mapLabel(statLabel, category, { compared }) {
  const parts = [statLabel];
  if (category) parts.push(category.toLowerCase());
  if (compared) parts.push("compared with similar councils");
  return parts.join(category ? ", " : " ");
}

// The measure's options and hint, and the note under the table's caption.
export function showCategory(form, state, config) {
  for (const option of form.elements.stat.options) {
    option.disabled = Boolean(state.category) && option.value !== config.categoryStat;
  }
  document.getElementById("stat-hint").hidden = !state.category;
  // A hidden hint would still be read as the select's description: only with a category.
  if (state.category) form.elements.stat.setAttribute("aria-describedby", "stat-hint");
  else form.elements.stat.removeAttribute("aria-describedby");
  const note = document.getElementById("table-category-note");
  note.hidden = !state.category;
  if (state.category) note.textContent = `The map shows ${state.category.toLowerCase()} alone; this table counts all complaints.`;
}
