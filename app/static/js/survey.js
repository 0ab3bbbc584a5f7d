// Survey enhancements: filter the Quartier list, one step per screen, keep answers on reload.
// Without this script the survey is one ordinary form, so nothing here is required to answer.
(function () {
  "use strict";
  var PREFIX = "qk:draft:";

  function store() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  // The thank-you page clears the draft it came from: sent answers leave no copy on the phone.
  var done = document.querySelector("[data-clear]");
  if (done && store()) { store().removeItem(PREFIX + done.getAttribute("data-clear")); }

  var filter = document.querySelector("[data-filter]");
  if (filter) {
    var items = document.querySelectorAll(filter.getAttribute("data-filter") + " li[data-text]");
    filter.addEventListener("input", function () {
      var q = filter.value.trim().toLowerCase();
      items.forEach(function (li) { li.hidden = q !== "" && li.getAttribute("data-text").indexOf(q) < 0; });
    });
  }

  var form = document.getElementById("survey");
  if (!form) { return; }
  var key = PREFIX + form.getAttribute("data-key");
  var uuidField = form.elements.uuid;

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    return uuidField.value; // the id the server rendered into the page
  }

  function save() {
    if (!store()) { return; }
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf_token" || el.type === "submit") { return; }
      if (el.type === "radio") { if (el.checked) { fields[el.name] = el.value; } return; }
      if (el.value) { fields[el.name] = el.value; }
    });
    store().setItem(key, JSON.stringify({ fields: fields, step: current }));
  }

  function restore() {
    var raw = store() && store().getItem(key);
    if (!raw) { return null; }
    try { return JSON.parse(raw); } catch (e) { return null; }
  }

  var hasErrors = !!document.getElementById("errors");
  var draft = restore();
  if (draft && !hasErrors) {
    Object.keys(draft.fields).forEach(function (name) {
      var value = draft.fields[name];
      var els = form.querySelectorAll("[name='" + name.replace(/'/g, "") + "']");
      els.forEach(function (el) {
        if (el.type === "radio") { el.checked = el.value === value; } else { el.value = value; }
      });
    });
  } else if (!hasErrors) {
    uuidField.value = newId();
  }

  // One step per screen.
  var steps = Array.prototype.slice.call(form.querySelectorAll("[data-step]"));
  var current = draft && !hasErrors ? Math.min(draft.step || 0, steps.length - 1) : 0;
  if (hasErrors) {
    var firstError = form.querySelector(".error");
    steps.forEach(function (step, i) { if (firstError && step.contains(firstError) && current === 0) { current = i; } });
  }
  var nav = document.createElement("div");
  nav.className = "stepnav";
  var progress = document.createElement("p");
  progress.className = "progress";
  progress.setAttribute("aria-live", "polite");
  var bar = document.createElement("progress");
  bar.max = steps.length;
  bar.setAttribute("aria-hidden", "true"); // the text below says the same, and is announced
  var back = button(form.getAttribute("data-back"), -1);
  var next = button(form.getAttribute("data-next"), 1);
  nav.appendChild(back);
  nav.appendChild(next);
  form.insertBefore(bar, steps[0]);
  form.insertBefore(progress, steps[0]);
  form.appendChild(nav);
  form.classList.add("stepped");

  function button(label, delta) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", function () { show(current + delta, true); });
    return b;
  }

  function show(index, focus) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach(function (step, i) { step.hidden = i !== current; });
    back.hidden = current === 0;
    next.hidden = current === steps.length - 1;
    bar.value = current + 1;
    progress.textContent = form.getAttribute("data-progress")
      .replace("{n}", current + 1).replace("{total}", steps.length);
    if (focus) {
      var heading = steps[current].querySelector("legend, h2");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
      window.scrollTo(0, 0);
    }
    save();
  }

  // Enter in a one-line field moves on instead of sending half the answers.
  form.addEventListener("keydown", function (event) {
    var el = event.target;
    if (event.key !== "Enter" || el.tagName !== "INPUT" || el.type === "submit") { return; }
    if (current < steps.length - 1) { event.preventDefault(); show(current + 1, true); }
  });
  form.addEventListener("change", save);
  form.addEventListener("input", save);
  show(current, false);
  if (hasErrors) { document.getElementById("errors").focus(); }
})();
