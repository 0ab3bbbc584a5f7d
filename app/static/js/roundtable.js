// Round table: reload the live part (compass, counts, comments) every 10 s; pausable.
(function () {
  "use strict";
  var box = document.getElementById("live");
  var toggle = document.getElementById("live-toggle");
  var status = document.getElementById("live-status");
  if (!box || !window.fetch) { return; }
  var INTERVAL = 1000 * (parseFloat(box.getAttribute("data-interval")) || 10);
  var timer = null;
  var paused = false;

  // The fragment's ETag: sent back as If-None-Match, so that an unchanged fragment is a 304
  // that costs the server next to nothing (the response itself is never cached: no-store).
  // The page gives the ETag of the fragment it was rendered with, so even the first refresh
  // aggregates nothing when no answer came in since.
  var etag = box.getAttribute("data-etag") || null;

  function refresh() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(box.getAttribute("data-url"), { credentials: "same-origin", cache: "no-store", headers: headers })
      .then(function (response) {
        if (response.status === 304) { return null; }
        if (!response.ok) { throw new Error(String(response.status)); }
        etag = response.headers.get("ETag");
        return response.text();
      })
      .then(function (html) {
        // The server's own fragment, rendered by the same autoescaped template as the first page
        // load (user text in it is escaped there); nothing is assembled from text here.
        if (html !== null) { box.innerHTML = html; }
        status.textContent = status.getAttribute("data-updated") + " " +
          new Date().toLocaleTimeString();
      })
      .catch(function () { status.textContent = status.getAttribute("data-failed"); })
      .then(schedule);
  }

  function schedule() {
    clearTimeout(timer);
    if (!paused) { timer = setTimeout(refresh, INTERVAL); }
  }

  toggle.addEventListener("click", function () {
    paused = !paused;
    toggle.textContent = toggle.getAttribute(paused ? "data-resume" : "data-pause");
    toggle.setAttribute("aria-pressed", paused ? "true" : "false");
    if (paused) { clearTimeout(timer); } else { refresh(); }
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && !paused) { refresh(); }
  });
  schedule();
})();
