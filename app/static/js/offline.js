// Loaded by survey.js after the page: install the survey as an app, keep its pages for use
// without signal ("prepare this phone for the walk"), save waiting answers as a file, and draw
// the person's compass on the local thank-you.
(function () {
  "use strict";
  var panel = window.QKQueue && window.QKQueue.panel;
  if (!panel) { return; }
  var box = panel.box, texts = panel.texts;
  window.QKQueue.compass = compass;

  box.querySelector("[data-file]").addEventListener("click", function () {
    panel.all().then(function (entries) {
      if (!entries.length) { return; }
      var file = new Blob([JSON.stringify(QKQueue.exportFile(entries), null, 1)], { type: "application/json" });
      var link = document.createElement("a");
      link.href = URL.createObjectURL(file);
      link.download = "quartierskompass-answers.json";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    });
  });
  install();
  var prepare = document.getElementById("qk-prepare");
  if (prepare && "serviceWorker" in navigator) {
    prepare.parentNode.hidden = false;
    prepare.addEventListener("click", function () { prepareWalk(prepare); });
  }

  // Installable, and the pages of this survey kept for use without signal.
  function install() {
    if (!("serviceWorker" in navigator)) { return; }
    var link = document.createElement("link");
    link.rel = "manifest";
    link.href = box.getAttribute("data-manifest");
    document.head.appendChild(link);
    var keep = [box.getAttribute("data-choose")];
    if (box.getAttribute("data-page")) { keep.push(box.getAttribute("data-page")); }
    keep = keep.concat(JSON.parse(box.getAttribute("data-assets")));
    navigator.serviceWorker.register(box.getAttribute("data-sw"), { scope: box.getAttribute("data-scope") })
      .then(function () { return askWorker({ type: "keep", urls: keep }); })
      .then(function () { box.setAttribute("data-offline-ready", ""); }, function () {});
  }

  function prepareWalk(button) {
    var status = document.getElementById("qk-prepare-status");
    button.disabled = true;
    fetch(button.getAttribute("data-pages"), { credentials: "same-origin", cache: "no-store" })
      .then(function (reply) { if (!reply.ok) { throw new Error(reply.status); } return reply.json(); })
      .then(function (list) {
        return askWorker({ type: "keep", urls: list.pages.concat(list.assets), refresh: true }, function (p) {
          status.textContent = texts.preparing.replace("{n}", p.ready).replace("{total}", p.total);
        }).then(function (done) {
          if (done.failed) { throw new Error("failed"); }
          status.textContent = texts.prepared.replace("{n}", list.pages.length - 1);
        });
      })
      .catch(function () { status.textContent = texts.prepare_failed; })
      .then(function () { button.disabled = false; });
  }

  function askWorker(message, progress) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) {
          if (event.data.done) { resolve(event.data); } else if (progress) { progress(event.data); }
        };
        registration.active.postMessage(message, [channel.port2]);
      });
    });
  }

  function compass(themes, ratings, title) {
    var ns = "http://www.w3.org/2000/svg", size = 360, c = size / 2, radius = 120, n = themes.length;
    var rtl = document.documentElement.dir === "rtl"; // "start" of a label is on its right there
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("class", "compass");
    svg.setAttribute("viewBox", "-60 -20 480 400");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", title);
    function el(name, attrs, parent) {
      var node = document.createElementNS(ns, name);
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
      (parent || svg).appendChild(node);
      return node;
    }
    function at(i, f) {
      var a = -Math.PI / 2 + 2 * Math.PI * i / n;
      return [Math.round((c + radius * f * Math.cos(a)) * 10) / 10, Math.round((c + radius * f * Math.sin(a)) * 10) / 10];
    }
    var steps = n ? themes[0].high - themes[0].low : 0;
    for (var s = 1; s <= steps; s++) { el("circle", { "class": "ring", cx: c, cy: c, r: radius * s / steps }); }
    var line = el("g", { "class": "series mine" }), run = [], points = [];
    themes.forEach(function (theme, i) {
      var end = at(i, 1), label = at(i, 1.14), dx = label[0] - c;
      el("line", { "class": "spoke", x1: c, y1: c, x2: end[0], y2: end[1] });
      el("text", { "class": "label", x: label[0], y: label[1], "dominant-baseline": "middle",
        "text-anchor": Math.abs(dx) < 8 ? "middle" : (dx > 0) !== rtl ? "start" : "end" }).textContent = theme.title;
      var v = ratings[theme.slug];
      points.push(typeof v === "number" ? at(i, (v - theme.low) / (theme.high - theme.low)) : null);
    });
    var closed = n > 2 && points.every(Boolean);
    points.concat(closed ? [points[0], null] : [null]).forEach(function (p) {
      if (p) { run.push(p.join(",")); return; }
      if (run.length > 1) { el("polyline", { points: run.join(" ") }, line); }
      run = [];
    });
    points.forEach(function (p) { if (p) { el("circle", { cx: p[0], cy: p[1], r: 4 }, line); } });
    svg.appendChild(line);
    return svg;
  }
})();
