// The map page: the councils of the chosen year coloured by the chosen measure, with a legend,
// a panel of the figures of the council pointed at, tapped or reached by the arrow keys
// (map-info.js, map-keys.js), the table of figures and the search box.
//
// The page loads two things: the figures of a year and tier (/api/map/figures/, small, asked
// for on every choice) and the boundary file they name (fetched once per file: its URL names its
// bytes). A new measure only recolours the map; a new year or tier fetches new figures, the
// boundaries only when they name another file, and the server's rendering of the table for it.

import { fetchBoundaries, fetchFigures, fetchMapData, fetchTable } from "./map-data.js";
import { CouncilLayer, createMap } from "./map-layer.js";
import { showLegend } from "./map-legend.js";
import { mapLabel as labelFor } from "./map-category.js";
import { clearRowHighlight, highlightRow, keepFocusClearOfStickyColumn, linkRowsToMap, replaceTable } from "./map-table.js";
import { comparedClass, tooltipContent } from "./map-tooltip.js";
import { InfoPanel } from "./map-info.js";
import { addMapKeys } from "./map-keys.js";
import { config, figuresUrl, fitState, pageUrl, readControls, stateFromUrl, syncControls, tableUrl } from "./map-state.js";
import { el, formatValue } from "./dom.js";
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
let table = tableUrl(config.state); // what the table shows: its parts' URL
let painted = null; // and the map: see mapLook()

const map = createMap(container, config.leaflet, { reducedMotion });
const HOVER_SWITCH_MS = 150;
let hoverTimer = null;
const status = document.getElementById("map-status");
const layer = new CouncilLayer(map, {
  noData: config.noData,
  // With the figures of one council showing, another under the pointer replaces them only
  // once the pointer rests on it: on its way to the panel (to read it, or follow its link) the
  // pointer crosses other councils, which must not take the panel from it (WCAG 1.4.13).
  onHover(code) {
    if (lastPointer !== "mouse") return;
    clearTimeout(hoverTimer);
    if (!info.shown) showCouncil(code, { source: "pointer" });
    else hoverTimer = setTimeout(() => showCouncil(code, { source: "pointer" }), HOVER_SWITCH_MS);
  },
  onLeave() {
    clearTimeout(hoverTimer);
  },
  onSelect(code, pointerType) {
    // A touch screen's first tap shows the council's figures, with a link to its page; a
    // second tap on the same council opens it (issue 15). A mouse click opens it at once.
    const touch = pointerType === "touch" || pointerType === "pen";
    if (touch && !(info.code === code && info.source === "touch")) showCouncil(code, { source: "touch" });
    else openCouncil(code);
  },
});
const info = new InfoPanel(map, {
  onClose(focusWasInside) {
    unhighlight();
    if (focusWasInside) container.focus();
  },
});

// Leaflet's shape events do not say whether a mouse or a finger moved: the pointer events do.
let lastPointer = "mouse";
container.addEventListener("pointerdown", (event) => (lastPointer = event.pointerType), { capture: true });
container.addEventListener("pointermove", (event) => (lastPointer = event.pointerType), { capture: true });
container.addEventListener("mouseleave", () => {
  clearTimeout(hoverTimer);
  hideCouncil({ source: "pointer" });
});
info.element.addEventListener("mouseenter", () => clearTimeout(hoverTimer));
document.addEventListener("keydown", (event) => {
  if (event.key === "Escape" && info.shown) hideCouncil();
});

function councilUrl(council) {
  return `${council.url}?year=${encodeURIComponent(state.year)}`;
}

function openCouncil(code) {
  const council = figures && figures.councils[code];
  if (council) window.location.assign(councilUrl(council));
}

// The measure's settings, named for the category when one is chosen: "Upheld rate, housing".
function statSpec() {
  const spec = config.stats[state.stat];
  return state.category ? { ...spec, label: labelFor(spec.label, state.category, { compared: false }) } : spec;
}

function councilContent(council) {
  return tooltipContent({
    council,
    average: figures.averages[council.authority_type],
    stat: state.stat,
    spec: statSpec(),
    typeLabel: config.types[council.authority_type],
    typePlural: config.typePlural[council.authority_type],
    threshold: config.threshold,
  });
}

// `source` says what asked: the panel hides again when that goes (the pointer leaves the
// map, the row loses focus), not when something else does.
function showCouncil(code, { source = "table" } = {}) {
  const council = figures && figures.councils[code];
  if (!council) return;
  layer.highlight(code, { raise: source !== "pointer" });
  highlightRow(code);
  info.show(code, { content: councilContent(council), name: council.name, url: councilUrl(council), source });
  if (source !== "pointer") info.keepClear(layer.centreOf(code));
}

function hideCouncil({ source = null } = {}) {
  if (source && info.source !== source) return;
  info.hide();
  unhighlight();
}

function unhighlight() {
  layer.unhighlight();
  clearRowHighlight();
}

function announce(text) {
  status.textContent = text;
}

addMapKeys(map, layer, {
  current: () => info.code,
  show(code) {
    showCouncil(code, { source: "keyboard" });
    const council = figures.councils[code];
    const spec = statSpec();
    const value = council[state.stat];
    // A dash is read as nothing: say why there is no figure.
    const figure = value === null || value === undefined ? `none, ${spec.none_label.toLowerCase()}` : formatValue(value, spec.unit);
    const small = council.small_numbers.includes(state.stat) ? `, fewer than ${config.threshold} cases` : "";
    announce(
      `${council.name}, ${config.types[council.authority_type]}: ${spec.label.toLowerCase()} ${figure}${small}. ` +
        "Enter opens its page.",
    );
  },
  open: openCouncil,
  hide: ({ source = "keyboard" } = {}) => hideCouncil({ source }),
});

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
  return labelFor(config.stats[state.stat].label, state.category, { compared: state.mode === "compared" });
}

function renderLabels() {
  const label = mapLabel();
  showLegend({ legend: state.mode === "compared" ? "compared" : state.stat, label, year: state.year });
  container.setAttribute("aria-label", `Map of councils: ${label.toLowerCase()}, ${state.year}`);
  document.title = `Map of councils, ${label.toLowerCase()}, ${state.year} – Your council's performance`;
}

// What a change of year, measure, tier or colouring is announced as (WCAG 4.1.3): the map and
// the table change together, so one sentence says what both now show.
function updateText() {
  const count = figures ? Object.keys(figures.councils).length : 0;
  const tier = document.querySelector(`label[for="tier-${state.tier}"]`).textContent.trim().toLowerCase();
  return `Showing ${mapLabel().toLowerCase()}, ${state.year}, ${tier}: ${count} council${count === 1 ? "" : "s"}.`;
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
  const wanted = { year: state.year, tier: state.tier, category: state.category };
  const same = figures && figures.year === wanted.year && figures.tier === wanted.tier;
  if (same && (figures.category || "") === wanted.category) return true;
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
  const wanted = tableUrl(state);
  if (table === wanted) return;
  let parsed;
  try {
    parsed = await fetchTable(wanted);
  } catch (error) {
    if (mine === generation) showProblem(`The table could not be updated: ${error.message}. Reload the page to see it.`);
    return;
  }
  if (mine !== generation) return;
  hideCouncil();
  replaceTable(parsed, config.tableParts);
  syncControls(controls, state); // the type filter's options came with the table
  table = wanted;
}

// What the map shows: a change of the table's filters alone leaves it as it is.
function mapLook() {
  return `${state.year}|${state.stat}|${state.tier}|${state.mode}|${state.category}`;
}

async function apply(next, { push }) {
  const mine = ++generation;
  fitState(Object.assign(state, next));
  syncControls(controls, state);
  if (push) window.history.pushState({ ...state }, "", pageUrl(state));
  renderLabels();
  const [drawn] = await Promise.all([updateMap(mine), updateTable(mine)]);
  if (mine !== generation || !drawn) return;
  if (mapLook() === painted) {
    // Only the table changed: say what it now shows, as its caption does.
    announce(document.getElementById("table-caption").textContent.trim());
    return;
  }
  hideCouncil();
  const fit = () => ({ paddingTopLeft: [8, 8], paddingBottomRight: [8 + info.reservedWidth(), 8], maxZoom: 8, animate: false });
  paint({ fit: firstDraw ? fit() : null });
  painted = mapLook();
  if (!firstDraw) announce(updateText());
  container.dataset.state = `${state.year}|${state.stat}|${state.tier}`;
  container.dataset.mode = state.mode;
  container.dataset.category = state.category;
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
  linkRowsToMap({
    show: (code) => showCouncil(code, { source: "table" }),
    hide: () => hideCouncil({ source: "table" }),
    showing: () => info.code,
  });
  makeSortable(document.getElementById("council-table"));
  keepFocusClearOfStickyColumn(document.getElementById("council-table").parentElement);
  setupSearch({
    urls: config.urls,
    types: config.types,
    getYear: () => state.year,
    onFocusCouncil: (code) => showCouncil(code, { source: "search" }),
    onFound(councils) {
      const found = councils.find((c) => layer.has(c.gss_code));
      if (!found) return;
      layer.fitTo(found.gss_code, { maxZoom: 10, animate: !reducedMotion });
      showCouncil(found.gss_code, { source: "search" });
    },
  });
}

window.history.replaceState({ ...state }, "", window.location.href);
apply(stateFromUrl(), { push: false }).finally(() => setTimeout(enhance, 0));
