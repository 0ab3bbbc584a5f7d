// Quartier maps with Leaflet: choropleth from GeoJSON (inline or from a URL), a card per click.
// Area names and codes are user text: they go into the page as text nodes only. Leaflet inserts
// string content as HTML, so tooltips, popups and the attribution get nodes or escaped text.
(function () {
  "use strict";
  var box = document.getElementById("map");
  if (!box || !window.L) { return; }
  var map = L.map(box, { attributionControl: true, zoomSnap: 0.25 });
  var tiles = box.getAttribute("data-tiles");
  if (tiles) {
    // The page sends no referrer; tile servers (OpenStreetMap's among them) want to see the
    // site, so tiles name the origin only (staff map pages carry no survey token anyway).
    L.tileLayer(tiles, {
      attribution: escaped(box.getAttribute("data-attribution") || ""),
      referrerPolicy: "strict-origin"
    }).addTo(map);
  }
  var labels = {
    code: box.getAttribute("data-l-code") || "Code",
    population: box.getAttribute("data-l-population") || "Population",
    value: box.getAttribute("data-l-value") || "Value",
    index: box.getAttribute("data-l-index") || "Index",
    table: box.getAttribute("data-l-table") || "Round table",
    results: box.getAttribute("data-l-results") || "Results"
  };

  function escaped(text) {
    var holder = document.createElement("span");
    holder.textContent = text;
    return holder.innerHTML; // the text with <, > and & as entities, for Leaflet's attribution
  }

  function label(p) {
    var span = document.createElement("span");
    span.textContent = [p.code, p.name].filter(function (v) { return v !== null && v !== undefined; }).join(" ");
    return span;
  }

  function row(list, name, value) {
    if (value === null || value === undefined || value === "") { return; }
    var dt = document.createElement("dt"); dt.textContent = name;
    var dd = document.createElement("dd"); dd.textContent = String(value).replace(".", box.getAttribute("data-decimal") || ".");
    list.appendChild(dt); list.appendChild(dd);
  }

  function card(p) {
    var div = document.createElement("div");
    div.className = "map-card";
    var h = document.createElement("h3"); h.textContent = p.name; div.appendChild(h);
    var dl = document.createElement("dl");
    row(dl, labels.code, p.code);
    row(dl, labels.population, p.population);
    row(dl, labels.value, p.value);
    if (p.index_label || p.label) { row(dl, labels.index, p.index_label || p.label); }
    div.appendChild(dl);
    if (p.links) {
      [["table", labels.table], ["results", labels.results]].forEach(function (pair) {
        if (!p.links[pair[0]]) { return; }
        var a = document.createElement("a"); a.href = p.links[pair[0]]; a.textContent = pair[1];
        div.appendChild(a); div.appendChild(document.createTextNode(" "));
      });
    }
    return div;
  }

  // Names as labels on the map where they fit inside their Quartier (wide enough on screen).
  var nameLabel = { permanent: true, direction: "center", className: "area-name" };
  function nameLabels(layer) {
    layer.eachLayer(function (l) {
      var b = l.getBounds(), name = l.feature.properties.name;
      if (!name || !b.isValid()) { return; }
      var width = map.latLngToContainerPoint(b.getNorthEast()).x - map.latLngToContainerPoint(b.getSouthWest()).x;
      if (width < 7 * String(name).length) { return; }
      var text = document.createElement("span");
      text.textContent = name;
      l.unbindTooltip();
      l.bindTooltip(text, nameLabel); // a text node: Leaflet inserts it as it is
    });
  }

  function draw(data) {
    var layer = L.geoJSON(data, {
      style: function (f) {
        return { color: "#333", weight: 1, fillColor: f.properties.colour || "#ccc", fillOpacity: 0.75 };
      },
      onEachFeature: function (f, l) {
        l.bindPopup(function () { return card(f.properties); });
        l.bindTooltip(function () { return label(f.properties); });
        l.on("keypress", function () { l.openPopup(); });
        // The area's code as an attribute (text, never markup), so a test or a screen reader
        // tool can find the shape of a Quartier.
        l.on("add", function () { var el = l.getElement && l.getElement(); if (el) { el.setAttribute("data-code", String(f.properties.code)); } });
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10] }); } else { map.setView([51.2, 10.4], 6); }
    if (box.getAttribute("data-labels")) { nameLabels(layer); }
    box.setAttribute("data-features", String(data.features.length));
  }

  var inline = box.getAttribute("data-geojson");
  if (inline) { draw(JSON.parse(inline)); return; }
  fetch(box.getAttribute("data-url"), { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(draw);
})();
