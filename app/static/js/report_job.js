// The report job's page looks again every 10 seconds while the report is being prepared and puts
// the new state in place: the state is a live region, so a screen reader hears the change, and
// nothing reloads the page under the reader (a timed reload is what WCAG 2.2.1 rules out).
(function () {
  "use strict";
  var page = document.querySelector("[data-job-page]");
  if (!page) { return; }
  var EVERY = 10000;
  var WAITING = ["queued", "running"];

  function part(root, name) { return root.querySelector("[data-job-" + name + "]"); }

  function take(fresh) {
    var next = fresh.querySelector("[data-job-page]");
    if (!next) { return; }
    ["status", "more"].forEach(function (name) {
      var here = part(page, name), there = part(next, name);
      if (here && there && here.innerHTML !== there.innerHTML) { here.innerHTML = there.innerHTML; }
    });
    page.setAttribute("data-job-page", next.getAttribute("data-job-page"));
  }

  function look() {
    if (WAITING.indexOf(page.getAttribute("data-job-page")) < 0) { return; }
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (reply) { return reply.ok ? reply.text() : null; })
      .then(function (html) {
        if (html) { take(new DOMParser().parseFromString(html, "text/html")); }
      })
      .catch(function () { /* offline for a moment: look again at the next turn */ })
      .then(function () { window.setTimeout(look, EVERY); });
  }

  window.setTimeout(look, EVERY);
}());
