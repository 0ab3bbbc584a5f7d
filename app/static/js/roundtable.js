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

  function refresh() {
    fetch(box.getAttribute("data-url"), { credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        // The server's own fragment, rendered by the same autoescaped template as the first page
        // load (user text in it is escaped there); nothing is assembled from text here.
        box.innerHTML = html;
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
