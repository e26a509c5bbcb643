// Draws a council's stored boundary on its admin change page, read-only.
// The geometry comes from the json_script element the admin renders next to the map container;
// no tile layer is added (development machines reach no tile server), so the polygon sits on
// Leaflet's plain background and the view is fitted to it.
(function () {
  "use strict";

  var MAP_ID = "council-boundary-map";
  var GEOMETRY_ID = "council-boundary-geometry";

  function draw() {
    var container = document.getElementById(MAP_ID);
    var source = document.getElementById(GEOMETRY_ID);
    if (!container || !source || typeof L === "undefined") {
      return;
    }
    var geometry = JSON.parse(source.textContent);
    // Sized from here, not with a style attribute, which a strict CSP would block. A fixed
    // width: the admin's read-only field box shrinks to its content, which a map has none of.
    container.style.height = "360px";
    container.style.width = "640px";
    container.style.maxWidth = "80vw";
    var map = L.map(container, {
      attributionControl: true,
      scrollWheelZoom: false,
      zoomSnap: 0.25,
    });
    map.attributionControl.setPrefix("Boundary: ONS, OGL v3");
    var layer = L.geoJSON(geometry, {
      style: { color: "#1d4f91", weight: 2, fillColor: "#4a7fc1", fillOpacity: 0.25 },
    }).addTo(map);
    map.fitBounds(layer.getBounds(), { padding: [12, 12] });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
