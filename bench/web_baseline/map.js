// The baseline of `make bench-web`: the map page's figures and boundary file, as static files,
// drawn by the same Leaflet with the same options and colours and nothing else. When every
// shape is drawn it sets #map's data-state, as the map page does (bench/web.py waits for it).
(async () => {
  const [figures, boundaries] = await Promise.all(
    ["figures.json", "boundaries.json"].map((url) => fetch(url).then((r) => r.json())),
  );
  const england = L.latLngBounds([49.8, -6.5], [55.9, 2.0]);
  const map = L.map("map", { zoomSnap: 0.25, renderer: L.svg({ padding: 0.3 }), fadeAnimation: false });
  map.fitBounds(england);
  // The upheld rate's classes, written into the page by bench/web.py from map_config().
  const container = document.getElementById("map");
  const breaks = JSON.parse(container.dataset.breaks);
  const colours = JSON.parse(container.dataset.colours);
  const fill = (code) => {
    const council = figures.councils[code];
    const value = council ? council.upheld_rate : null;
    return value === null || value === undefined ? "#cccccc" : colours[breaks.filter((b) => value >= b).length];
  };
  const layer = L.geoJSON(boundaries, {
    style: (feature) => ({
      color: "#ffffff",
      weight: 0.7,
      fillOpacity: 1,
      fillColor: fill(feature.properties.gss_code),
    }),
  }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [8, 8], maxZoom: 8, animate: false });
  container.dataset.state = "drawn";
})();
