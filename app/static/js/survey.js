// Survey enhancements: filter the Quartier list, one step per screen, keep answers on reload,
// and the offline queue: finished answers wait on the phone until the server confirmed them.
// Without this script the survey is one ordinary form, so nothing here is required to answer.

// The queue's rules, without the browser: node loads this part for tests/js/ (module.exports).
(function (root, factory) {
  var rules = factory();
  if (typeof module === "object" && module.exports) { module.exports = rules; } else { root.QKQueue = rules; }
})(this, function () {
  "use strict";
  var FORMAT = "quartierskompass-answers";
  var VERSION = 1;
  var FIXED = { uuid: 1, csrf_token: 1, group_code: 1, group_size: 1 };

  // 201/200: stored (now or before). No connection (0), 408, 425, 429 and 503 say "not now" to
  // every answer: the whole queue waits. Any other 5xx may be this answer's own trouble: it waits
  // alone and the others go on. The rest (400, 403, 404, 409, 410, …) is a lasting refusal.
  function outcome(status, body) {
    if (status === 200 || status === 201) { return { kind: "sent" }; }
    if (!status || status === 408 || status === 425 || status === 429 || status === 503) {
      return { kind: "wait" };
    }
    if (status >= 500) { return { kind: "error", status: status }; }
    var reason = body && typeof body.message === "string" ? body.message : "";
    var details = body && Array.isArray(body.errors) ? body.errors.map(function (e) { return e.message; }) : [];
    if (details.length) { reason = (reason ? reason + " " : "") + details.join(" "); }
    return { kind: "refused", status: status, reason: reason };
  }

  // An answer that got a server error this many times is shown as "could not be sent" (it stays
  // on the phone, is still tried now and then, and goes into the file like every other).
  var MAX_ERRORS = 5;
  function failed(entry, maxErrors) { return (entry.errors || 0) >= (maxErrors || MAX_ERRORS); }

  // Seconds to wait before try number `attempt` (0 = the first retry): doubling up to a cap.
  function backoff(attempt, base, cap) {
    base = base || 5; cap = cap || 300;
    return Math.min(cap, base * Math.pow(2, Math.max(0, attempt)));
  }

  // The API's JSON (app/api/openapi.yaml) from the form's [name, value] pairs.
  function payload(pairs, meta) {
    var body = { token: meta.token, area: meta.area, uuid: "", ratings: {}, comments: {}, demographics: {} };
    if (meta.role) { body.role = meta.role; }
    var group = {};
    pairs.forEach(function (pair) {
      var name = pair[0], value = pair[1];
      var dash = name.indexOf("-"), prefix = dash < 0 ? name : name.slice(0, dash), slug = name.slice(dash + 1);
      if (name === "uuid") { body.uuid = value; } else if (name === "group_code") { group.code = value; }
      else if (name === "group_size") { group.size = value === "" ? "" : Number(value); }
      else if (FIXED[name]) { return; }
      else if (dash > 0 && prefix === "score") {
        if (value !== "") { body.ratings[slug] = value === "na" ? null : Number(value); }
      } else if (dash > 0 && (prefix === "good" || prefix === "improve")) {
        if (value.trim()) { (body.comments[slug] = body.comments[slug] || {})[prefix] = value; }
      } else { body.demographics[name] = value; }
    });
    if (meta.role === "group") { body.group = group; }
    return body;
  }

  // The file a phone hands over: the answers and a format tag, nothing about the phone or time.
  function exportFile(entries) {
    return {
      format: FORMAT,
      version: VERSION,
      answers: entries.map(function (entry) {
        var copy = JSON.parse(JSON.stringify(entry.payload));
        delete copy.channel;
        return copy;
      })
    };
  }

  // Send waiting answers one at a time, oldest first among those due. `store` has all(), put(entry),
  // remove(uuid); `send(payload)` resolves to {status, body} (status 0 for no connection). An answer
  // leaves the store only when the server confirmed it; a lasting refusal stays, marked with its
  // reason. Each answer keeps its own retry state (errors, due), so one that keeps getting a server
  // error never holds up the others. `options`: now() in ms, base and cap of the back-off in
  // seconds, maxErrors, all (true: also the answers whose time has not come, "Send now").
  function flush(store, send, options) {
    options = options || {};
    var now = options.now ? options.now() : Date.now();
    var summary = { sent: [], refused: [], failed: [], retry: false, next: null };
    function later(entry) {
      var wait = Math.max(0, entry.due - now);
      summary.next = summary.next === null ? wait : Math.min(summary.next, wait);
    }
    function waited(entries) { // they did not go at once: say so when they arrive
      return Promise.all(entries.filter(function (e) { return e.payload.channel !== "offline"; })
        .map(function (e) { e.payload.channel = "offline"; return store.put(e); }));
    }
    return store.all().then(function (entries) {
      var waiting = entries.filter(function (e) { return e.state === "waiting"; });
      waiting.sort(function (a, b) { return a.seq - b.seq; });
      var due = waiting.filter(function (e) { return options.all || !(e.due > now); });
      waiting.filter(function (e) { return due.indexOf(e) < 0; }).forEach(later);
      function next(i) {
        if (i >= due.length) { return summary; }
        var entry = due[i];
        return Promise.resolve(send(entry.payload)).then(function (reply) {
          reply = reply || { status: 0 };
          var result = outcome(reply.status, reply.body);
          if (result.kind === "sent") {
            summary.sent.push(entry.uuid);
            return store.remove(entry.uuid).then(function () { return next(i + 1); });
          }
          if (result.kind === "wait") { // not now for anyone: this one and the rest wait
            summary.retry = true;
            return waited(due.slice(i)).then(function () { return summary; });
          }
          if (result.kind === "error") { // this one waits on its own back-off; the next goes on
            entry.errors = (entry.errors || 0) + 1;
            entry.due = now + 1000 * backoff(entry.errors - 1, options.base, options.cap);
            entry.payload.channel = "offline";
            if (failed(entry, options.maxErrors)) { summary.failed.push(entry.uuid); }
            later(entry);
            return store.put(entry).then(function () { return next(i + 1); });
          }
          entry.state = "refused";
          entry.reason = result.reason;
          summary.refused.push(entry.uuid);
          return store.put(entry).then(function () { return next(i + 1); });
        });
      }
      return next(0);
    });
  }

  // An in-memory store with the IndexedDB store's interface (tests, and browsers without it).
  function memoryStore() {
    var items = {};
    return {
      all: function () { return Promise.resolve(Object.keys(items).map(function (k) { return items[k]; })); },
      put: function (entry) { items[entry.uuid] = entry; return Promise.resolve(); },
      remove: function (uuid) { delete items[uuid]; return Promise.resolve(); }
    };
  }

  function nextSeq(entries) {
    return entries.reduce(function (max, e) { return Math.max(max, e.seq || 0); }, 0) + 1;
  }

  return { FORMAT: FORMAT, VERSION: VERSION, MAX_ERRORS: MAX_ERRORS, outcome: outcome, failed: failed,
    backoff: backoff, payload: payload, exportFile: exportFile, flush: flush, memoryStore: memoryStore,
    nextSeq: nextSeq };
});

// The page: runs only in a browser.
(function () {
  "use strict";
  if (typeof document === "undefined") { return; }
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

  // Without signal the phone shows this list for a Quartier it has not kept: say why.
  var list = document.getElementById("area-list"), needsSignal = document.getElementById("needs-signal");
  if (list && needsSignal && new URL(list.getAttribute("data-list"), location.href).pathname !== location.pathname) {
    needsSignal.hidden = false;
    needsSignal.focus();
  }

  var box = document.getElementById("qk-queue");
  var offline = box && window.indexedDB && window.Promise ? queuePanel(box) : null;

  var form = document.getElementById("survey");
  if (!form) { return; }
  var key = PREFIX + form.getAttribute("data-key");
  var uuidField = form.elements.uuid;

  function newId() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    if (!window.crypto || !window.crypto.getRandomValues) { return uuidField.value; } // the server's
    var b = window.crypto.getRandomValues(new Uint8Array(16)), hex = [];
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128; // version 4, RFC 4122 variant
    for (var i = 0; i < 16; i++) { hex.push((b[i] + 256).toString(16).slice(1)); }
    hex = hex.join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
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
    b.addEventListener("click", function () {
      if (delta < 0 && trail.length > 1 && trail[trail.length - 2] === current - 1) { history.back(); } else { go(current + delta); }
    });
    return b;
  }

  // Each step the person moves to is an entry in the browser's history, so the phone's back
  // button goes to the previous theme instead of leaving the survey.
  var trail = [];
  function go(index) {
    show(index, true);
    trail.push(current);
    if (window.history && history.pushState) { history.pushState({ qkStep: current }, ""); }
  }
  window.addEventListener("popstate", function (event) {
    var step = event.state && event.state.qkStep;
    if (typeof step !== "number") { return; }
    var at = trail.lastIndexOf(step);
    if (at >= 0) { trail.length = at + 1; } else { trail.push(step); }
    show(step, true);
  });

  function show(index, focus) {
    current = Math.max(0, Math.min(index, steps.length - 1));
    steps.forEach(function (step, i) { step.hidden = i !== current; });
    back.hidden = current === 0;
    next.hidden = current === steps.length - 1;
    bar.value = current + 1;
    progress.textContent = form.getAttribute("data-progress")
      .replace("{n}", current + 1).replace("{total}", steps.length);
    if (current === steps.length - 1) { review(); }
    if (focus) {
      var heading = steps[current].querySelector("legend, h2");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
      window.scrollTo(0, 0);
    }
    save();
  }

  // The last step lists every theme's answer with a way back to it; with nothing answered at
  // all it says so and offers the first theme instead of a send button that would be refused.
  function review() {
    var box = document.getElementById("review"), nothing = document.getElementById("nothing-rated");
    if (!box || !nothing) { return; }
    var rows = box.querySelector("tbody"), any = false;
    rows.textContent = "";
    steps.forEach(function (step, i) {
      if (!step.classList.contains("theme")) { return; }
      var chosen = step.querySelector("input[type=radio]:checked");
      var said = Array.prototype.some.call(step.querySelectorAll("textarea"), function (t) { return t.value.trim(); });
      any = any || !!chosen || said;
      rows.appendChild(reviewRow(box, step, chosen, said, i));
    });
    box.hidden = !any;
    nothing.hidden = any;
    steps[steps.length - 1].querySelectorAll("button[type=submit], .send-hint").forEach(function (el) { el.hidden = !any; });
  }

  function reviewRow(box, step, chosen, said, index) {
    var tr = document.createElement("tr"), th = document.createElement("th"), change = document.createElement("button");
    var legend = step.querySelector("legend").cloneNode(true), num = legend.querySelector(".num");
    if (num) { legend.removeChild(num); }
    th.scope = "row";
    th.textContent = legend.textContent.trim();
    tr.appendChild(th);
    var value = !chosen ? box.getAttribute("data-skipped") : chosen.value === "na" ? box.getAttribute("data-cant-say") : chosen.value;
    tr.insertCell().textContent = value + (said ? " · " + box.getAttribute("data-comment") : "");
    change.type = "button";
    change.textContent = box.getAttribute("data-change");
    change.setAttribute("aria-label", change.textContent + ": " + th.textContent);
    change.addEventListener("click", function () { go(index); });
    tr.insertCell().appendChild(change);
    return tr;
  }

  // Moving on by itself after a number is chosen, when the person asked for it (kept on the phone).
  function autoNext() {
    var box = document.getElementById("auto-next");
    if (!box) { return; }
    box.closest(".auto-next").hidden = false;
    box.checked = !!store() && store().getItem("qk:auto-next") === "1";
    box.addEventListener("change", function () {
      if (store()) { store().setItem("qk:auto-next", box.checked ? "1" : "0"); }
    });
    form.addEventListener("change", function (event) {
      var el = event.target, at = current;
      if (!box.checked || el.type !== "radio" || el.name.indexOf("score-") !== 0) { return; }
      setTimeout(function () { if (current === at) { go(at + 1); } }, 400);
    });
  }

  // Enter in a one-line field moves on instead of sending half the answers.
  form.addEventListener("keydown", function (event) {
    var el = event.target;
    if (event.key !== "Enter" || el.tagName !== "INPUT" || el.type === "submit") { return; }
    if (current < steps.length - 1) { event.preventDefault(); go(current + 1); }
  });
  form.addEventListener("change", save);
  form.addEventListener("input", save);
  show(current, false);
  trail.push(current);
  if (window.history && history.replaceState) { history.replaceState({ qkStep: current }, ""); }
  autoNext();
  var first = form.querySelector("[data-goto-first]");
  if (first) {
    first.addEventListener("click", function () {
      go(steps.indexOf(form.querySelector("fieldset.theme")));
    });
  }
  if (hasErrors) {
    var summary = document.getElementById("errors");
    // A link in the error summary opens the step that holds its field, then moves focus there.
    summary.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
      var target = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!target) { return; }
      steps.forEach(function (step, i) { if (step.contains(target)) { show(i, false); } });
      event.preventDefault();
      var field = target.matches("input, select, textarea") ? target : target.querySelector("input, select, textarea");
      (field || target).focus();
      (field || target).scrollIntoView({ block: "center" });
    });
    summary.focus();
  }
  if (offline && box.getAttribute("data-area")) { form.addEventListener("submit", queueAnswer); }

  // Sending: the answer goes into the phone's queue first, the thank-you shows at once, and the
  // queue sends it. Refused answers go through the ordinary form, whose page explains the error.
  function queueAnswer(event) {
    event.preventDefault();
    var pairs = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "submit" || el.type === "button") { return; }
      if (el.type === "radio" && !el.checked) { return; }
      pairs.push([el.name, el.value]);
    });
    var body = QKQueue.payload(pairs, {
      token: box.getAttribute("data-token"), area: box.getAttribute("data-area"),
      role: box.getAttribute("data-role")
    });
    body.channel = "web";
    offline.add(body, box.getAttribute("data-area-name")).then(function () {
      if (store()) { store().removeItem(key); }
      showSaved(body);
      return offline.flushSoon();
    }).then(function (summary) {
      if (summary.sent.indexOf(body.uuid) >= 0) {
        window.location.replace(box.getAttribute("data-thanks").replace("UUID", body.uuid));
      } else if (summary.refused.indexOf(body.uuid) >= 0) {
        offline.drop(body.uuid).then(postForm, postForm);
      }
    }, function () { postForm(); });
  }

  function postForm() {
    form.removeEventListener("submit", queueAnswer);
    HTMLFormElement.prototype.submit.call(form);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  // The local thank-you: the person's own answers as a compass and a table, drawn here.
  function showSaved(body) {
    if (document.getElementById("qk-saved")) { return; }
    var t = offline.texts, themes = [];
    form.querySelectorAll("fieldset.theme").forEach(function (set) {
      var legend = set.querySelector("legend").cloneNode(true), num = legend.querySelector(".num");
      if (num) { legend.removeChild(num); }
      var values = Array.prototype.map.call(set.querySelectorAll("input[type=radio]"), function (r) {
        return Number(r.value);
      }).filter(function (v) { return !isNaN(v); });
      themes.push({ slug: set.id.slice(2), title: legend.textContent.trim(),
        low: Math.min.apply(null, values), high: Math.max.apply(null, values) });
    });
    // Built node by node with textContent: nothing here is ever parsed as HTML.
    var section = element("section", "saved"), title = element("h1", "", t.thanks);
    var notice = element("p", "notice", t.saved), table = element("table", "scores");
    var again = element("a", "button", t.another), last = element("p");
    section.id = "qk-saved";
    title.tabIndex = -1;
    table.appendChild(element("caption", "vh", t.ratings));
    var rows = table.appendChild(document.createElement("tbody"));
    last.appendChild(again);
    section.append(title, notice, table, last);
    if (QKQueue.compass) { // drawn by offline.js, which loads after the page
      notice.after(element("h2", "", t.compass), QKQueue.compass(themes, body.ratings, t.ratings));
    }
    themes.forEach(function (theme) {
      var tr = rows.insertRow(), th = document.createElement("th"), value = body.ratings[theme.slug];
      th.scope = "row";
      th.textContent = theme.title;
      tr.appendChild(th);
      tr.insertCell().textContent = value === undefined ? "–" : value === null ? t.cant_say : String(value);
    });
    again.href = box.getAttribute("data-choose");
    form.hidden = true;
    box.parentNode.insertBefore(section, form);
    title.focus();
    window.scrollTo(0, 0);
  }

  // The queue on every survey page: its status, sending by itself, the file, the service worker.
  function queuePanel(box) {
    var texts = JSON.parse(document.getElementById("qk-texts").textContent);
    var queue = idbStore(), attempt = 0, timer = null, running = null, sentSome = false;
    var retry = parseFloat(box.getAttribute("data-retry")) || 5;
    var maxErrors = parseInt(box.getAttribute("data-max-errors"), 10) || QKQueue.MAX_ERRORS;
    var count = box.querySelector("[data-count]"), refusedList = box.querySelector("[data-refused]");
    var failedList = box.querySelector("[data-failed]");

    function send(body) {
      var abort = window.AbortController ? new AbortController() : null;
      var timeout = setTimeout(function () { if (abort) { abort.abort(); } }, 30000);
      return fetch(box.getAttribute("data-api"), {
        method: "POST", credentials: "same-origin", cache: "no-store", signal: abort && abort.signal,
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify(body)
      }).then(function (reply) {
        return reply.json().catch(function () { return null; }).then(function (json) {
          return { status: reply.status, body: json };
        });
      }, function () { return { status: 0, body: null }; }).then(function (result) {
        clearTimeout(timeout);
        return result;
      });
    }

    function listed(list, entries, text) {
      list.textContent = "";
      entries.forEach(function (entry) {
        var li = document.createElement("li");
        li.textContent = (entry.label ? entry.label + ": " : "") + (entry.reason || text);
        list.appendChild(li);
      });
    }

    function render(entries) {
      var kept = entries.filter(function (e) { return e.state === "waiting"; });
      var failed = kept.filter(function (e) { return QKQueue.failed(e, maxErrors); });
      var waiting = kept.length - failed.length;
      var refused = entries.filter(function (e) { return e.state === "refused"; });
      box.hidden = !entries.length && !sentSome;
      count.textContent = waiting ? texts.waiting.replace("{n}", waiting) : entries.length ? "" : texts.all_sent;
      listed(refusedList, refused, texts.refused);
      listed(failedList, failed, texts.failed);
      box.querySelectorAll("[data-when-kept]").forEach(function (el) { el.hidden = !entries.length; });
      box.setAttribute("data-waiting", waiting);
      box.setAttribute("data-refused-count", refused.length);
      box.setAttribute("data-failed-count", failed.length);
      return entries;
    }

    function flushNow(all) {
      if (running) { return running; }
      clearTimeout(timer);
      var options = { base: retry, maxErrors: maxErrors, all: all === true };
      var work = function () { return QKQueue.flush(queue, send, options); };
      var locked = navigator.locks ? navigator.locks.request("qk-queue", work) : work();
      running = locked.then(function (summary) {
        if (summary.sent.length) { attempt = 0; sentSome = true; }
        if (summary.retry) {
          timer = setTimeout(flushNow, QKQueue.backoff(attempt++, retry) * 1000);
        } else if (summary.next !== null) { // the first answer whose own back-off ends
          timer = setTimeout(flushNow, Math.max(200, summary.next));
        }
        return queue.all().then(render).then(function () { return summary; });
      }).then(function (summary) { running = null; return summary; },
        function (error) { running = null; throw error; });
      return running;
    }

    window.addEventListener("online", function () { attempt = 0; flushNow(); });
    box.querySelector("[data-send]").addEventListener("click", function () { attempt = 0; flushNow(true); });
    // Installing, keeping pages and the file are not needed to answer: they load after the page.
    function afterLoad() {
      var script = document.createElement("script");
      script.src = box.getAttribute("data-offline-js");
      document.head.appendChild(script);
    }
    if (document.readyState === "complete") { afterLoad(); } else { window.addEventListener("load", afterLoad); }
    queue.all().then(render).then(flushNow).catch(function () {});

    return QKQueue.panel = {
      texts: texts,
      box: box,
      all: queue.all,
      add: function (body, label) {
        return queue.all().then(function (entries) {
          var old = entries.filter(function (e) { return e.uuid === body.uuid; })[0];
          return queue.put({ uuid: body.uuid, seq: old ? old.seq : QKQueue.nextSeq(entries),
            state: "waiting", reason: "", label: label || "", payload: body });
        }).then(function () { return queue.all().then(render); });
      },
      drop: function (uuid) { return queue.remove(uuid).then(function () { return queue.all().then(render); }); },
      flushSoon: function () {
        return (running || Promise.resolve()).catch(function () {}).then(flushNow);
      }
    };
  }

  // The queue in IndexedDB: one record per answer, keyed by its UUID, nothing about the phone.
  function idbStore() {
    var opening = null;
    function open() {
      opening = opening || new Promise(function (resolve, reject) {
        var request = window.indexedDB.open("quartierskompass", 1);
        request.onupgradeneeded = function () { request.result.createObjectStore("answers", { keyPath: "uuid" }); };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
      return opening;
    }
    function run(mode, work) {
      return open().then(function (db) {
        return new Promise(function (resolve, reject) {
          var tx = db.transaction("answers", mode), request = work(tx.objectStore("answers"));
          tx.oncomplete = function () { resolve(request.result); };
          tx.onerror = tx.onabort = function () { reject(tx.error); };
        });
      });
    }
    return {
      all: function () { return run("readonly", function (s) { return s.getAll(); }).then(function (r) { return r || []; }); },
      put: function (entry) { return run("readwrite", function (s) { return s.put(entry); }); },
      remove: function (uuid) { return run("readwrite", function (s) { return s.delete(uuid); }); }
    };
  }
})();
