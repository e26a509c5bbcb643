// The page's settings, from its json_script block, and the reader's choice of year, measure and
// tier. The choice lives in the URL, so that it can be shared, bookmarked and gone back to; the
// form it comes from submits the same names to the same page when there is no script.

import { fitCategory, showCategory } from "./map-category.js";

export const config = JSON.parse(document.getElementById("map-config").textContent);

// The table's filters (pages/table_filters.py): in a URL only when they filter, so that the
// links made before them stay as they were.
const FILTERS = Object.keys(config.filterDefaults);

function addFilters(params, state) {
  for (const name of FILTERS) {
    if (state[name] && state[name] !== config.filterDefaults[name]) params.set(name, state[name]);
  }
  return params;
}

// The order of the page's own links and of the tests: year, measure, tier, and the colouring
// only when it is not the figure itself and the category only when one is chosen (so that
// earlier links stay as they were), then the table's filters.
export function pageUrl(state) {
  const { year, stat, tier, mode, category } = state;
  const params = new URLSearchParams({ year, stat, tier });
  if (mode && mode !== config.modes[0]) params.set("mode", mode);
  if (category) params.set("category", category);
  return `${config.urls.page}?${addFilters(params, state)}`;
}

// The figures hang on the year, the tier and the category: the measure only recolours.
export function figuresUrl({ year, tier, category }) {
  const params = new URLSearchParams({ year, tier });
  if (category) params.set("category", category);
  return `${config.urls.figures}?${params}`;
}

// The table parts hang on the year, the tier and the filters.
export function tableUrl(state) {
  const params = addFilters(new URLSearchParams({ year: state.year, tier: state.tier }), state);
  params.set("part", "table");
  return `${config.urls.page}?${params}`;
}

// A type of the other tier means nothing at this one: the table then shows every type. And a
// category is counted for the upheld rate alone (map-category.js).
export function fitState(state) {
  if (state.table_type && !config.tierTypes[state.tier].includes(state.table_type)) {
    state.table_type = config.filterDefaults.table_type;
  }
  return fitCategory(state, config);
}

export function stateFromUrl() {
  const params = new URLSearchParams(window.location.search);
  const pick = (name, allowed) => (allowed.includes(params.get(name)) ? params.get(name) : config.state[name]);
  const filter = (name, allowed) => (allowed.includes(params.get(name)) ? params.get(name) : config.filterDefaults[name]);
  return fitState({
    year: pick("year", config.years),
    stat: pick("stat", Object.keys(config.stats)),
    tier: pick("tier", config.tiers),
    mode: params.has("mode") ? pick("mode", config.modes) : config.modes[0],
    category: params.has("category") ? pick("category", config.categories) : "",
    table_type: filter("table_type", Object.keys(config.types)),
    region: filter("region", config.regions),
    small: filter("small", ["show", "hide"]),
  });
}

export function readControls(form) {
  const data = new FormData(form);
  return {
    year: data.get("year"),
    stat: data.get("stat"),
    tier: data.get("tier"),
    mode: data.get("mode"),
    category: data.get("category") || "",
    table_type: data.get("table_type") || config.filterDefaults.table_type,
    region: data.get("region") || config.filterDefaults.region,
    small: data.get("small") || config.filterDefaults.small,
  };
}

export function syncControls(form, state) {
  form.elements.year.value = state.year;
  form.elements.category.value = state.category;
  showCategory(form, state, config);
  form.elements.stat.value = state.stat;
  for (const radio of form.querySelectorAll("input[name=tier]")) radio.checked = radio.value === state.tier;
  for (const radio of form.querySelectorAll("input[name=mode]")) radio.checked = radio.value === state.mode;
  form.elements.table_type.value = state.table_type;
  form.elements.region.value = state.region;
  form.elements.small.checked = state.small === "hide";
}
