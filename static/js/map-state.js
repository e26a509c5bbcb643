// The page's settings, from its json_script block, and the reader's choice of year, measure and
// tier. The choice lives in the URL, so that it can be shared, bookmarked and gone back to; the
// form it comes from submits the same names to the same page when there is no script.

export const config = JSON.parse(document.getElementById("map-config").textContent);

// The order of the page's own links and of the tests: year, measure, tier, and the colouring
// only when it is not the figure itself (so that earlier links stay as they were).
export function pageUrl({ year, stat, tier, mode }) {
  const params = new URLSearchParams({ year, stat, tier });
  if (mode && mode !== config.modes[0]) params.set("mode", mode);
  return `${config.urls.page}?${params}`;
}

// The figures and the table parts hang on the year and tier alone: the measure only recolours.
export function figuresUrl({ year, tier }) {
  return `${config.urls.figures}?${new URLSearchParams({ year, tier })}`;
}

export function tableUrl({ year, tier }) {
  return `${config.urls.page}?${new URLSearchParams({ year, tier, part: "table" })}`;
}

export function stateFromUrl() {
  const params = new URLSearchParams(window.location.search);
  const pick = (name, allowed) => (allowed.includes(params.get(name)) ? params.get(name) : config.state[name]);
  return {
    year: pick("year", config.years),
    stat: pick("stat", Object.keys(config.stats)),
    tier: pick("tier", config.tiers),
    mode: params.has("mode") ? pick("mode", config.modes) : config.modes[0],
  };
}

export function readControls(form) {
  const data = new FormData(form);
  return { year: data.get("year"), stat: data.get("stat"), tier: data.get("tier"), mode: data.get("mode") };
}

export function syncControls(form, state) {
  form.elements.year.value = state.year;
  form.elements.stat.value = state.stat;
  for (const radio of form.querySelectorAll("input[name=tier]")) radio.checked = radio.value === state.tier;
  for (const radio of form.querySelectorAll("input[name=mode]")) radio.checked = radio.value === state.mode;
}
