// Presentation mode: one key per control (the controls carry data-key), and full screen.
(function () {
  "use strict";
  var root = document.getElementById("present");
  if (!root) { return; }
  var full = document.getElementById("fullscreen");

  full.addEventListener("click", function () {
    if (document.fullscreenElement) { document.exitFullscreen(); }
    else if (document.documentElement.requestFullscreen) { document.documentElement.requestFullscreen(); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (/^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName)) { return; }
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === "n") { key = "ArrowRight"; }
    var control = root.querySelector('[data-key="' + key + '"]');
    if (!control) { return; }
    event.preventDefault();
    control.click();
  });
})();
