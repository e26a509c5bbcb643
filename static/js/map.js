// The map page: the councils of the chosen year drawn from /api/map/, coloured by the chosen
// statistic, with a legend, tooltips, the table of figures and the search box.
//
// Leaflet is loaded from django-leaflet's static files by a plain <script src>; the map is built
// here rather than by django-leaflet's {% leaflet_map %} tag because that tag writes inline
// scripts, which the site's Content-Security-Policy forbids. Its settings (LEAFLET_CONFIG) arrive
// in the page's json_script block with the colour classes, which are decided on the server
// (decisions/charts.py) so that every colour rule lives, and is tested, in one place.

import { el, formatCount, formatValue, plural, svg } from "./dom.js";
import { setupSearch } from "./search.js";
import { makeSortable } from "./sortable.js";

performance.mark("map-script-start");

const config = JSON.parse(document.getElementById("map-config").textContent);
const state = { ...config.state };
const HATCH_ID = "no-data-hatch";
const container = document.getElementById("map");
const controls = document.getElementById("map-controls");
const table = document.getElementById("council-table");
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

// The colour class of a value: how many class breaks are at or below it (the rule of
// decisions.charts.map_class). null means no figure.
export function classOf(breaks, value) {
  if (value === null || value === undefined) return null;
  return breaks.filter((b) => value >= b).length;
}

// --- The map -------------------------------------------------------------------------------

const leaflet = config.leaflet;
const [west, south, east, north] = leaflet.extent;
const england = L.latLngBounds([south, west], [north, east]);
const map = L.map(container, {
  minZoom: leaflet.minZoom,
  maxZoom: leaflet.maxZoom,
  maxBounds: england.pad(0.4),
  zoomSnap: 0.25,
  renderer: L.svg({ padding: 0.3 }),
  // Without the fade, a closed tooltip leaves at once instead of lingering invisibly.
  fadeAnimation: false,
  zoomAnimation: !reducedMotion,
});
map.attributionControl.setPrefix(leaflet.attributionPrefix);
for (const tiles of leaflet.tiles) L.tileLayer(tiles.url, tiles.options).addTo(map);
map.fitBounds(england);

let current = null; // the FeatureCollection on the map
let highlighted = null;
const byCode = new Map(); // GSS code -> Leaflet layer

function styleFor(feature) {
  const spec = config.stats[state.stat];
  const cls = classOf(spec.breaks, feature.properties[state.stat]);
  return {
    className: "council-shape",
    color: "#ffffff",
    weight: 0.7,
    opacity: 1,
    fillOpacity: 1,
    fillColor: cls === null ? `url(#${HATCH_ID})` : spec.colours[cls],
  };
}

const layer = L.geoJSON(null, {
  style: styleFor,
  onEachFeature(feature, shape) {
    byCode.set(feature.properties.gss_code, shape);
    shape.bindTooltip(() => tooltipFor(feature.properties), {
      className: "council-tip",
      direction: "top",
      sticky: true,
      offset: [0, -10],
    });
    shape.on("mouseover", () => highlight(feature.properties.gss_code));
    shape.on("mouseout", () => unhighlight());
    shape.on("click", () => window.location.assign(councilUrl(feature.properties)));
  },
}).addTo(map);

// A grey hatch for "no figure", defined once in the overlay's SVG so that no council with a
// figure is ever confused with a light colour.
function ensureHatch() {
  const root = map.getPanes().overlayPane.querySelector("svg");
  if (!root || root.getElementById(HATCH_ID)) return;
  root.setAttribute("aria-hidden", "true");
  const pattern = svg(
    "pattern",
    { id: HATCH_ID, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" },
    [
      svg("rect", { width: 6, height: 6, fill: "#efefef" }),
      svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#8a8a8a", "stroke-width": 2 }),
    ],
  );
  root.prepend(svg("defs", {}, [pattern]));
}

// Each shape carries its code and class, so tests and styles can find it.
function decorate() {
  const spec = config.stats[state.stat];
  layer.eachLayer((shape) => {
    const element = shape.getElement();
    if (!element) return;
    const cls = classOf(spec.breaks, shape.feature.properties[state.stat]);
    element.dataset.gss = shape.feature.properties.gss_code;
    element.dataset.class = cls === null ? "none" : String(cls);
  });
}

function councilUrl(properties) {
  return `${properties.url}?year=${encodeURIComponent(state.year)}`;
}

function highlight(code, { tooltip = false } = {}) {
  unhighlight();
  const shape = byCode.get(code);
  if (!shape) return;
  highlighted = shape;
  shape.setStyle({ color: "#000000", weight: 2.5 });
  // Raising the shape re-inserts it in the SVG, which under the pointer would fire mouseout:
  // only shapes picked from the table or the search are raised.
  if (tooltip) {
    shape.bringToFront();
    shape.openTooltip(shape.getCenter());
  }
  for (const row of table.tBodies[0].rows) row.classList.toggle("is-highlighted", row.dataset.gss === code);
}

function unhighlight() {
  if (!highlighted) return;
  layer.resetStyle(highlighted);
  highlighted.closeTooltip();
  highlighted = null;
  for (const row of table.querySelectorAll("tr.is-highlighted")) row.classList.remove("is-highlighted");
}

// --- Tooltip -------------------------------------------------------------------------------

function countsText(p) {
  switch (state.stat) {
    case "upheld_rate":
      return p.investigations ? `${formatCount(p.upheld)} upheld of ${plural(p.investigations, "detailed investigation", "detailed investigations")}` : "No detailed investigations";
    case "satisfactory_remedy_rate":
      return p.upheld ? `${formatCount(p.satisfactory_remedies)} of ${plural(p.upheld, "upheld complaint", "upheld complaints")} already put right by the council` : "No upheld complaints";
    case "compliance_rate":
      return p.compliance_outcomes ? `${formatCount(p.complied + p.complied_late)} of ${plural(p.compliance_outcomes, "recommendation", "recommendations")} carried out, ${formatCount(p.complied_late)} late` : "No recommendations checked";
    default:
      return p.population ? `${plural(p.upheld, "upheld complaint", "upheld complaints")}, population ${formatCount(p.population)}` : "No population figure";
  }
}

function tooltipFor(p) {
  const spec = config.stats[state.stat];
  const value = p[state.stat];
  const small = p.small_numbers.includes(state.stat);
  return el("div", {}, [
    el("span", { className: "council-tip__name", text: p.name }),
    el("span", { className: "council-tip__type", text: config.types[p.authority_type] }),
    el("span", { className: "council-tip__figure", text: `${spec.label}: ${formatValue(value, spec.unit)}` }),
    el("span", { className: "council-tip__note", text: countsText(p) }),
    el("span", {
      className: "council-tip__note",
      text: `All ${config.typePlural[p.authority_type]}: ${formatValue(p.average[state.stat], spec.unit)}`,
    }),
    small ? el("span", { className: "council-tip__caution", text: "Fewer than 10 cases: treat with care" }) : null,
    p.revised ? el("span", { className: "council-tip__note", text: "Corrected since publication" }) : null,
  ]);
}

// --- Legend, table and captions ------------------------------------------------------------

function swatch(fill, defs) {
  const children = defs ? [defs] : [];
  children.push(svg("rect", { width: 20, height: 14, fill }));
  return svg("svg", { class: "swatch", viewBox: "0 0 20 14", width: 20, height: 14, "aria-hidden": "true" }, children);
}

function renderLegend() {
  const spec = config.stats[state.stat];
  document.getElementById("legend-title").textContent = `${spec.label}, ${state.year}`;
  const items = spec.legend.map((row) => el("li", {}, [swatch(row.colour), row.label]));
  const hatch = svg("defs", {}, [
    svg("pattern", { id: "legend-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" }, [
      svg("rect", { width: 6, height: 6, fill: "#efefef" }),
      svg("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "#8a8a8a", "stroke-width": 2 }),
    ]),
  ]);
  items.push(el("li", {}, [swatch("url(#legend-hatch)", hatch), spec.none_label]));
  document.getElementById("legend-items").replaceChildren(...items);
}

function cell(column, p) {
  const value = p[column.key];
  const text = column.unit === null ? formatCount(value) : formatValue(value, column.unit);
  const small = p.small_numbers && p.small_numbers.includes(column.key);
  return el("td", { className: "num", dataset: { value: value ?? "" } }, [
    text,
    small ? el("span", { className: "small-flag", text: "*" }) : null,
  ]);
}

function renderTable(collection) {
  const features = [...collection.features].sort((a, b) =>
    a.properties.name.localeCompare(b.properties.name, "en-GB"),
  );
  const rows = features.map(({ properties: p }) =>
    el("tr", { dataset: { gss: p.gss_code } }, [
      el("th", { scope: "row", dataset: { value: p.name } }, [el("a", { href: councilUrl(p), text: p.name })]),
      el("td", { dataset: { value: config.types[p.authority_type] }, text: config.types[p.authority_type] }),
      ...config.columns.map((column) => cell(column, p)),
    ]),
  );
  document.getElementById("council-rows").replaceChildren(...rows);
  table.dispatchEvent(new Event("rows-changed"));

  const averages = new Map();
  for (const { properties: p } of collection.features) {
    if (!averages.has(p.authority_type)) averages.set(p.authority_type, p.average);
  }
  const averageRows = config.tierTypes[collection.tier].map((type) => {
    const average = averages.get(type) || {};
    return el("tr", {}, [
      el("th", { scope: "row", text: config.types[type] }),
      ...config.columns.slice(1).map((column) =>
        el("td", { className: "num", text: formatValue(average[column.key] ?? null, column.unit) }),
      ),
    ]);
  });
  document.getElementById("average-rows").replaceChildren(...averageRows);

  const count = collection.features.length;
  document.getElementById("table-caption-text").textContent =
    `${config.tiers[collection.tier]}, ${collection.year}, ${collection.status} figures: ` +
    `${count} council${count === 1 ? "" : "s"}.`;
}

function renderLabels() {
  const spec = config.stats[state.stat];
  container.setAttribute("aria-label", `Map of councils: ${spec.label.toLowerCase()}, ${state.year}`);
  document.title = `Map of councils, ${spec.label.toLowerCase()}, ${state.year} – Your council's performance`;
  const csv = document.getElementById("csv-link");
  csv.href = `${config.urls.statistics}?year=${encodeURIComponent(state.year)}&format=csv`;
  document.getElementById("csv-year").textContent = state.year;
}

function showProblem(message) {
  let box = document.getElementById("map-problem");
  if (!box) {
    box = el("p", { id: "map-problem", className: "notice", role: "alert" });
    container.after(box);
  }
  box.textContent = message;
}

// --- State: year, statistic and tier, kept in the URL ----------------------------------------

const payloads = new Map();

function load(year, tier) {
  const key = `${year}|${tier}`;
  if (!payloads.has(key)) {
    const params = new URLSearchParams({ year, tier });
    const request = fetch(`${config.urls.map}?${params}`).then((response) => {
      if (!response.ok) throw new Error(`the map data answered ${response.status}`);
      return response.json();
    });
    request.catch(() => payloads.delete(key));
    payloads.set(key, request);
  }
  return payloads.get(key);
}

function stateFromUrl() {
  const params = new URLSearchParams(window.location.search);
  return {
    year: config.years.includes(params.get("year")) ? params.get("year") : config.state.year,
    stat: params.get("stat") in config.stats ? params.get("stat") : config.state.stat,
    tier: params.get("tier") in config.tiers ? params.get("tier") : config.state.tier,
  };
}

function syncControls() {
  controls.elements.year.value = state.year;
  controls.elements.stat.value = state.stat;
  for (const radio of controls.querySelectorAll("input[name=tier]")) radio.checked = radio.value === state.tier;
}

let generation = 0;
let firstDraw = true;

async function apply(next, { push }) {
  const mine = ++generation;
  Object.assign(state, next);
  syncControls();
  const url = `${window.location.pathname}?${new URLSearchParams(state)}`;
  if (push) window.history.pushState({ ...state }, "", url);
  renderLegend();
  renderLabels();
  if (!current || current.year !== state.year || current.tier !== state.tier) {
    let collection;
    try {
      collection = await load(state.year, state.tier);
    } catch (error) {
      if (mine === generation) showProblem(`The map could not be drawn: ${error.message}. The table below still has the figures.`);
      return;
    }
    if (mine !== generation) return;
    unhighlight();
    byCode.clear();
    layer.clearLayers();
    layer.addData(collection);
    current = collection;
    ensureHatch();
    renderTable(collection);
  } else {
    unhighlight();
    layer.setStyle(styleFor);
  }
  decorate();
  container.dataset.state = `${state.year}|${state.stat}|${state.tier}`;
  if (firstDraw) {
    firstDraw = false;
    if (layer.getLayers().length) map.fitBounds(layer.getBounds(), { padding: [8, 8], maxZoom: 8, animate: false });
    performance.mark("map-drawn");
    performance.measure("map-draw", "map-script-start", "map-drawn");
  }
}

controls.addEventListener("change", () => {
  const data = new FormData(controls);
  apply({ year: data.get("year"), stat: data.get("stat"), tier: data.get("tier") }, { push: true });
});
controls.addEventListener("submit", (event) => {
  event.preventDefault();
  controls.dispatchEvent(new Event("change"));
});
document.getElementById("map-apply").hidden = true;

window.addEventListener("popstate", (event) => apply(event.state || stateFromUrl(), { push: false }));

// Tabbing through or pointing at the table shows the council on the map.
const body = document.getElementById("council-rows");
body.addEventListener("focusin", (event) => {
  const row = event.target.closest("tr[data-gss]");
  if (row) highlight(row.dataset.gss, { tooltip: true });
});
body.addEventListener("mouseover", (event) => {
  const row = event.target.closest("tr[data-gss]");
  if (row && (!highlighted || highlighted.feature.properties.gss_code !== row.dataset.gss)) {
    highlight(row.dataset.gss, { tooltip: true });
  }
});
body.addEventListener("focusout", () => unhighlight());
table.addEventListener("mouseleave", () => unhighlight());

makeSortable(table);
setupSearch({
  urls: config.urls,
  types: config.types,
  getYear: () => state.year,
  onFocusCouncil: (code) => highlight(code, { tooltip: true }),
  onFound(councils) {
    const shape = councils.map((c) => byCode.get(c.gss_code)).find(Boolean);
    if (!shape) return;
    map.fitBounds(shape.getBounds(), { maxZoom: 10, animate: !reducedMotion });
    highlight(shape.feature.properties.gss_code, { tooltip: true });
  },
});

window.history.replaceState({ ...state }, "", window.location.href);
apply(stateFromUrl(), { push: false });
