// The offers' web map: coverage choropleth, white spots and the offers, grouped by the server
// for each zoom level (a cluster's number says how many; activating it zooms in). No tiles.
// Names are user text: they reach the page as text only (title attribute, text nodes).
(function () {
  "use strict";
  var box = document.getElementById("offer-map");
  if (!box || !window.L) { return; }
  var map = L.map(box, { zoomSnap: 1, keyboard: true, attributionControl: false, maxZoom: 18 });
  var groups = {
    coverage: L.layerGroup().addTo(map),
    white_spots: L.layerGroup().addTo(map),
    offers: L.layerGroup().addTo(map)
  };
  var words = {
    offers: box.getAttribute("data-l-offers") || "offers",
    places: box.getAttribute("data-l-places") || "places",
    value: box.getAttribute("data-l-value") || "Value"
  };
  var decimal = box.getAttribute("data-decimal") || ".";
  var loaded = 0;

  function shown(value) { return value === null || value === undefined ? "–" : String(value).replace(".", decimal); }
  function node(text) { var span = document.createElement("span"); span.textContent = text; return span; }
  function json(response) { return response.json(); }

  function offerLabel(p) {
    if (p.count > 1) { return p.count + " " + words.offers; }
    return p.name + (p.capacity === null || p.capacity === undefined ? "" : " (" + shown(p.capacity) + " " + words.places + ")");
  }

  function marker(feature) {
    var p = feature.properties, c = feature.geometry.coordinates, at = L.latLng(c[1], c[0]);
    var many = p.count > 1, label = offerLabel(p);
    var icon = L.divIcon({
      className: many ? "offer-cluster" : "offer-point",
      html: many ? String(Number(p.count)) : "",
      iconSize: many ? [34, 34] : [14, 14]
    });
    var m = L.marker(at, { icon: icon, title: label, alt: label, keyboard: true, riseOnHover: true });
    if (many) {
      var zoomIn = function () { map.setView(at, Math.min(map.getZoom() + 2, map.getMaxZoom())); };
      m.on("click", zoomIn);
      // Leaflet turns Enter into a click only for popups: a cluster is a button, so Enter and
      // Space open it too.
      m.on("keypress", function (e) {
        var key = e.originalEvent.key;
        if (key === "Enter" || key === " ") { e.originalEvent.preventDefault(); zoomIn(); }
      });
    } else {
      m.bindPopup(function () { return node(label); });
    }
    return m;
  }

  function loadOffers() {
    var zoom = Math.round(map.getZoom()), ask = ++loaded;
    fetch(box.getAttribute("data-offers-url") + "&zoom=" + zoom, { credentials: "same-origin" })
      .then(json)
      .then(function (data) {
        if (ask !== loaded) { return; } // a later zoom has asked since
        groups.offers.clearLayers();
        data.features.forEach(function (f) { groups.offers.addLayer(marker(f)); });
        box.setAttribute("data-zoom", String(zoom));
        box.setAttribute("data-points", String(data.features.length));
        box.setAttribute("data-clusters", String(data.features.filter(function (f) { return f.properties.count > 1; }).length));
        box.setAttribute("data-total", String(data.total));
      });
  }

  function drawCoverage(data) {
    var areas = L.geoJSON(data, {
      filter: function (f) { return f.properties.kind === "area"; },
      style: function (f) { return { color: "#555", weight: 1, fillColor: f.properties.colour, fillOpacity: 0.8 }; },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindTooltip(function () { return node(p.name + ": " + words.value + " " + shown(p.value)); });
      }
    });
    var spots = L.geoJSON(data, {
      filter: function (f) { return f.properties.kind === "white_spot"; },
      style: function () { return { color: "#b2182b", weight: 1, dashArray: "4 3", fillColor: "#b2182b", fillOpacity: 0.3 }; },
      interactive: false
    });
    groups.coverage.addLayer(areas);
    groups.white_spots.addLayer(spots);
    box.setAttribute("data-areas", String(areas.getLayers().length));
    box.setAttribute("data-white-spots", String(spots.getLayers().length));
    var bounds = areas.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10] }); } else { map.setView([51.2, 10.4], 6); }
    map.on("zoomend", loadOffers);
    loadOffers();
  }

  document.querySelectorAll("input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      var group = groups[box.getAttribute("data-layer")];
      if (box.checked) { group.addTo(map); } else { map.removeLayer(group); }
    });
  });
  fetch(box.getAttribute("data-coverage-url"), { credentials: "same-origin" }).then(json).then(drawCoverage);
})();
