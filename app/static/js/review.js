// Comment review by keyboard: J/K move between comments, S shows, H picks a reason, R redacts.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-comment]"));
  if (!items.length) { return; }

  function current() {
    var active = document.activeElement;
    for (var i = 0; i < items.length; i++) {
      if (items[i] === active || items[i].contains(active)) { return i; }
    }
    return -1;
  }

  function typing(target) {
    return /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName);
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) { return; }
    var key = event.key.toLowerCase();
    var at = current();
    if (key === "j" || key === "k") {
      var next = Math.max(0, Math.min(items.length - 1, at + (key === "j" ? 1 : -1)));
      items[next].focus();
      event.preventDefault();
      return;
    }
    var target = at >= 0 && items[at].querySelector('[data-key="' + key + '"]');
    if (!target) { return; }
    event.preventDefault();
    if (target.tagName === "BUTTON") { target.click(); } else { target.focus(); }
  });

  // After a decision the page comes back with ?focus=first (the next comment) or the id of the
  // comment whose review needs a correction: the keys work again at once.
  var wanted = new URLSearchParams(window.location.search).get("focus");
  var target = wanted === "first" ? items[0] : document.getElementById(wanted || "");
  if (target && items.indexOf(target) >= 0) { target.focus(); }
})();
