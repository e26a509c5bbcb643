// The Leaflet map and the councils drawn on it.
//
// Leaflet is loaded from django-leaflet's static files by a plain <script src>; the map is built
// here rather than by django-leaflet's {% leaflet_map %} tag because that tag writes inline
// scripts, which the site's Content-Security-Policy forbids. Its settings (LEAFLET_CONFIG) arrive
// in the page's json_script block with the colour classes, which are decided on the server
// (decisions/charts.py) so that every colour rule lives, and is tested, in one place.
//
// Shapes come from a boundary file and colours from the figures, joined by GSS code. Each
// boundary file becomes one GeoJSON layer, kept: going back to a year that draws other councils
// shows its layer again instead of building 300 shapes anew, and a new measure or new figures
// only restyle the shapes on the map.

// The colour class of a value: how many class breaks are at or below it (the rule of
// decisions.charts.map_class). null means no figure.
export function classOf(breaks, value) {
  if (value === null || value === undefined) return null;
  return breaks.filter((b) => value >= b).length;
}

export function createMap(container, leaflet, { reducedMotion }) {
  const [west, south, east, north] = leaflet.extent;
  const england = L.latLngBounds([south, west], [north, east]);
  const map = L.map(container, {
    minZoom: leaflet.minZoom,
    maxZoom: leaflet.maxZoom,
    // Room to move England left of the council panel in the first view (map-info.js).
    maxBounds: england.pad(0.8),
    zoomSnap: 0.25,
    renderer: L.svg({ padding: 0.3 }),
    // Without the fade, a closed tooltip leaves at once instead of lingering invisibly.
    fadeAnimation: false,
    zoomAnimation: !reducedMotion,
    // The page moves between councils with the arrow keys (map-keys.js), not the map's view.
    keyboard: false,
  });
  map.attributionControl.setPrefix(leaflet.attributionPrefix);
  for (const tiles of leaflet.tiles) L.tileLayer(tiles.url, tiles.options).addTo(map);
  map.fitBounds(england);
  return map;
}

export class CouncilLayer {
  // `noData` is the id of the page's hatch pattern; `onHover(code)`, `onLeave()` and
  // `onSelect(code, pointerType)` follow the pointer.
  constructor(map, { noData, onHover, onLeave, onSelect }) {
    this.map = map;
    this.noDataFill = `url(#${noData})`;
    this.handlers = { onHover, onLeave, onSelect };
    this.layers = new Map(); // boundary file URL -> L.GeoJSON
    this.current = null;
    this.byCode = new Map(); // GSS code -> shape of the current layer
    this.highlighted = null;
    this.fill = () => this.noDataFill;
    // The map's SVG shows nothing a screen reader could use: the table is the alternative.
    map.getPanes().overlayPane.setAttribute("aria-hidden", "true");
  }

  #style(feature) {
    return {
      className: "council-shape",
      color: "#ffffff",
      weight: 0.7,
      opacity: 1,
      fillOpacity: 1,
      fillColor: this.fill(feature.properties.gss_code),
    };
  }

  // One handler per kind of event on the whole layer, not three on each of 300 shapes:
  // Leaflet passes a shape's events up to its group, naming the shape. No Leaflet tooltips:
  // a tooltip bound to a shape adds focus listeners to it, which made Chromium put each of the
  // 300 shapes in the tab order (issue 15); the figures show in the map's panel (map-info.js).
  #build(collection) {
    const { onHover, onLeave, onSelect } = this.handlers;
    const code = (event) => event.layer.feature.properties.gss_code;
    const group = L.geoJSON(collection, { style: (feature) => this.#style(feature) });
    group.on("mouseover", (event) => onHover(code(event)));
    group.on("mouseout", () => onLeave());
    group.on("click", (event) => onSelect(code(event), event.originalEvent.pointerType || "mouse"));
    return group;
  }

  // Draw the councils of a boundary file coloured by `value(code)` in the classes of `spec`; a
  // code with no figure, or missing from the figures, gets the hatch. New shapes are made in
  // their colours, so a first drawing styles each shape once; shapes already made (another
  // measure, new figures, a boundary file shown before) are restyled. `fit` (fitBounds
  // options) moves the map to the councils before they are added, so that they are not drawn
  // at one view and then drawn again at another. Each shape carries its code and class, so
  // tests and styles can find it.
  draw(url, collection, spec, value, { fit = null } = {}) {
    this.unhighlight();
    const classes = new Map();
    const classFor = (code) => {
      if (!classes.has(code)) classes.set(code, classOf(spec.breaks, value(code)));
      return classes.get(code);
    };
    this.fill = (code) => {
      const cls = classFor(code);
      return cls === null || cls === undefined ? this.noDataFill : spec.colours[cls];
    };
    const made = this.layers.has(url);
    if (!made) this.layers.set(url, this.#build(collection));
    const wanted = this.layers.get(url);
    if (this.current !== wanted) {
      if (this.current) this.current.remove();
      if (fit && wanted.getLayers().length) this.map.fitBounds(wanted.getBounds(), fit);
      this.current = wanted.addTo(this.map);
      this.byCode = new Map(this.current.getLayers().map((shape) => [shape.feature.properties.gss_code, shape]));
      this.centreList = null;
    }
    if (made) this.current.setStyle((feature) => this.#style(feature));
    for (const [code, shape] of this.byCode) {
      const element = shape.getElement();
      if (!element) continue;
      const cls = classFor(code);
      element.dataset.gss = code;
      element.dataset.class = cls === null || cls === undefined ? "none" : String(cls);
    }
  }

  // Each council's centre on the map (the centre of its bounds: cheap, and good enough to tell
  // which council lies in which direction), made when first asked for.
  centres() {
    if (!this.centreList) {
      this.centreList = Array.from(this.byCode, ([code, shape]) => ({ code, latLng: shape.getBounds().getCenter() }));
    }
    return this.centreList;
  }

  centreOf(code) {
    const shape = this.byCode.get(code);
    return shape ? shape.getBounds().getCenter() : null;
  }

  has(code) {
    return this.byCode.has(code);
  }

  get highlightedCode() {
    return this.highlighted ? this.highlighted.feature.properties.gss_code : null;
  }

  fitTo(code, options) {
    const shape = this.byCode.get(code);
    if (shape) this.map.fitBounds(shape.getBounds(), options);
  }

  highlight(code, { raise = false } = {}) {
    if (this.highlightedCode === code) return;
    this.unhighlight();
    const shape = this.byCode.get(code);
    if (!shape) return;
    this.highlighted = shape;
    shape.setStyle({ color: "#000000", weight: 2.5 });
    // Raising the shape re-inserts it in the SVG, which under the pointer would fire mouseout:
    // only shapes picked from the table, the search or the keyboard are raised.
    if (raise) shape.bringToFront();
  }

  unhighlight() {
    if (!this.highlighted) return;
    this.current.resetStyle(this.highlighted);
    this.highlighted = null;
  }
}
