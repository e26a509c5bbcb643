// The map page: the councils of the chosen year coloured by the chosen measure, with a legend,
// tooltips, the table of figures and the search box.
//
// The page loads two things: the figures of a year and tier (/api/map/figures/, small, asked
// for on every choice) and the boundary file they name (fetched once per file: its URL names its
// bytes). A new measure only recolours the map; a new year or tier fetches new figures, the
// boundaries only when they name another file, and the server's rendering of the table for it.

import { fetchBoundaries, fetchFigures, fetchMapData, fetchTable } from "./map-data.js";
import { CouncilLayer, createMap } from "./map-layer.js";
import { showLegend } from "./map-legend.js";
import { clearRowHighlight, highlightRow, linkRowsToMap, replaceTable } from "./map-table.js";
import { comparedClass, tooltipContent } from "./map-tooltip.js";
import { config, figuresUrl, pageUrl, readControls, stateFromUrl, syncControls, tableUrl } from "./map-state.js";
import { el } from "./dom.js";
import { setupSearch } from "./search.js";
import { makeSortable } from "./sortable.js";

performance.mark("map-script-start");

// First, the data: the page's preload links began these requests, and these calls take their
// responses over, so drawing waits for nothing that could have started earlier.
let firstFigures = fetchFigures(config.data.figures);
fetchBoundaries(config.data.boundaries).catch(() => {}); // a failure is reported where it is used

const container = document.getElementById("map");
const controls = document.getElementById("map-controls");
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
const state = { ...config.state };
let figures = null; // the figures document on the map
let boundaries = null; // and the boundary file it names
let table = { year: config.state.year, tier: config.state.tier }; // what the table shows

const map = createMap(container, config.leaflet, { reducedMotion });
const layer = new CouncilLayer(map, {
  noData: config.noData,
  tooltip(code) {
    const council = figures && figures.councils[code];
    if (!council) return "";
    return tooltipContent({
      council,
      average: figures.averages[council.authority_type],
      stat: state.stat,
      spec: config.stats[state.stat],
      typeLabel: config.types[council.authority_type],
      typePlural: config.typePlural[council.authority_type],
      threshold: config.threshold,
    });
  },
  onHover(code) {
    layer.highlight(code);
    highlightRow(code);
  },
  onLeave: unhighlight,
  onSelect(code) {
    const council = figures && figures.councils[code];
    if (council) window.location.assign(`${council.url}?year=${encodeURIComponent(state.year)}`);
  },
});

function showCouncil(code) {
  layer.highlight(code, { tooltip: true });
  highlightRow(code);
}

function unhighlight() {
  layer.unhighlight();
  clearRowHighlight();
}

// The first drawing moves the map to the councils before adding them (see CouncilLayer.draw).
// Coloured by the figure, or by its class against similar councils ("compared": a class is a
// value 0-2 in the classes of config.compared, from decisions/charts.py).
function paint({ fit = null } = {}) {
  const compared = state.mode === "compared";
  const value = (code) => {
    const council = figures.councils[code];
    if (!council) return null;
    if (!compared) return council[state.stat];
    const cls = comparedClass(council, state.stat);
    return cls === null ? null : config.compared.values[cls];
  };
  const spec = compared ? config.compared : config.stats[state.stat];
  layer.draw(figures.boundaries, boundaries, spec, value, { fit });
}

function mapLabel() {
  const label = config.stats[state.stat].label;
  return state.mode === "compared" ? `${label} compared with similar councils` : label;
}

function renderLabels() {
  const label = mapLabel();
  showLegend({ legend: state.mode === "compared" ? "compared" : state.stat, label, year: state.year });
  container.setAttribute("aria-label", `Map of councils: ${label.toLowerCase()}, ${state.year}`);
  document.title = `Map of councils, ${label.toLowerCase()}, ${state.year} – Your council's performance`;
}

function showProblem(message) {
  let box = document.getElementById("map-problem");
  if (!box) {
    box = el("p", { id: "map-problem", className: "notice", role: "alert" });
    container.after(box);
  }
  box.textContent = message;
}

// --- Applying a choice ------------------------------------------------------------------------

let generation = 0;
let firstDraw = true;

async function updateMap(mine) {
  const wanted = { year: state.year, tier: state.tier };
  if (figures && figures.year === wanted.year && figures.tier === wanted.tier) return true;
  const url = figuresUrl(wanted);
  const request = url === config.data.figures && firstFigures ? firstFigures : fetchFigures(url);
  firstFigures = null;
  let data;
  try {
    data = await fetchMapData(request, url);
  } catch (error) {
    if (mine === generation) showProblem(`The map could not be drawn: ${error.message}. The table below still has the figures.`);
    return false;
  }
  if (mine !== generation) return false;
  figures = data.figures;
  boundaries = data.boundaries;
  return true;
}

async function updateTable(mine) {
  const wanted = { year: state.year, tier: state.tier };
  if (table.year === wanted.year && table.tier === wanted.tier) return;
  let parsed;
  try {
    parsed = await fetchTable(tableUrl(wanted));
  } catch (error) {
    if (mine === generation) showProblem(`The table could not be updated: ${error.message}. Reload the page to see it.`);
    return;
  }
  if (mine !== generation) return;
  unhighlight();
  replaceTable(parsed, config.tableParts);
  table = wanted;
}

async function apply(next, { push }) {
  const mine = ++generation;
  Object.assign(state, next);
  syncControls(controls, state);
  if (push) window.history.pushState({ ...state }, "", pageUrl(state));
  renderLabels();
  const [drawn] = await Promise.all([updateMap(mine), updateTable(mine)]);
  if (mine !== generation || !drawn) return;
  paint({ fit: firstDraw ? { padding: [8, 8], maxZoom: 8, animate: false } : null });
  container.dataset.state = `${state.year}|${state.stat}|${state.tier}`;
  container.dataset.mode = state.mode;
  if (firstDraw) {
    firstDraw = false;
    performance.mark("map-drawn");
    performance.measure("map-draw", "map-script-start", "map-drawn");
  }
}

controls.addEventListener("change", () => apply(readControls(controls), { push: true }));
controls.addEventListener("submit", (event) => {
  event.preventDefault();
  apply(readControls(controls), { push: true });
});
document.getElementById("map-apply").hidden = true;

window.addEventListener("popstate", (event) => apply(event.state || stateFromUrl(), { push: false }));

// The table's links to the map, its sorting and the search box wait until the map is first
// drawn (or has failed to be), in a task of their own: the sort buttons change the table's
// headings, after which the browser lays out all its 4,000 elements again, and Leaflet asks for
// a layout as it draws. Until then the table and the search form work as without a script.
function enhance() {
  linkRowsToMap({ show: showCouncil, hide: unhighlight, showing: () => layer.highlightedCode });
  makeSortable(document.getElementById("council-table"));
  setupSearch({
    urls: config.urls,
    types: config.types,
    getYear: () => state.year,
    onFocusCouncil: showCouncil,
    onFound(councils) {
      const found = councils.find((c) => layer.has(c.gss_code));
      if (!found) return;
      layer.fitTo(found.gss_code, { maxZoom: 10, animate: !reducedMotion });
      showCouncil(found.gss_code);
    },
  });
}

window.history.replaceState({ ...state }, "", window.location.href);
apply(stateFromUrl(), { push: false }).finally(() => setTimeout(enhance, 0));
