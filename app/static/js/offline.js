// Loaded by survey.js after the page: install the survey as an app, keep its pages for use
// without signal ("prepare this phone for the walk"), save waiting answers as a file, and
// place the person's points on the compass the page carries, on the local thank-you.
(function () {
  "use strict";
  var panel = window.QKQueue && window.QKQueue.panel;
  if (!panel) { return; }
  var box = panel.box, texts = panel.texts;
  if (document.getElementById("qk-compass")) { window.QKQueue.compass = compass; }

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

  // The person's own points on the compass the server rendered into the page (#qk-compass),
  // with the same rings, spokes and wrapped labels as every other compass: only points are placed.
  function compass(themes, ratings) {
    var svg = document.getElementById("qk-compass").content.querySelector("svg").cloneNode(true);
    var ns = svg.namespaceURI, low = +svg.getAttribute("data-low"), high = +svg.getAttribute("data-high");
    var line = document.createElementNS(ns, "g"), run = [], points = [];
    function el(name, attrs, parent) {
      var node = document.createElementNS(ns, name);
      Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
      parent.appendChild(node);
      return node;
    }
    function along(spoke, f, a) { // a point f of the way from the centre to the spoke's end
      var from = +spoke.getAttribute(a + "1");
      return Math.round((from + (+spoke.getAttribute(a + "2") - from) * f) * 10) / 10;
    }
    line.setAttribute("class", "series mine");
    svg.querySelectorAll("line.spoke").forEach(function (spoke) {
      var v = ratings[spoke.getAttribute("data-slug")], f = (v - low) / (high - low);
      points.push(typeof v === "number" ? [along(spoke, f, "x"), along(spoke, f, "y"), v] : null);
    });
    var closed = points.length > 2 && points.every(Boolean);
    points.concat(closed ? [points[0], null] : [null]).forEach(function (p) {
      if (p) { run.push(p[0] + "," + p[1]); return; }
      if (run.length > 1) { el("polyline", { points: run.join(" ") }, line); }
      run = [];
    });
    points.forEach(function (p) {
      if (p) { el("title", {}, el("circle", { cx: p[0], cy: p[1], r: 4 }, line)).textContent = String(p[2]); }
    });
    svg.appendChild(line);
    return svg;
  }
})();
