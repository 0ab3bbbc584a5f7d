// Quartierskompass service worker (scope /s/): keeps the survey's pages on the phone so that a
// survey opens and can be answered without signal. Answers themselves are not handled here:
// survey.js keeps them in IndexedDB and sends them; POST requests pass through untouched.
"use strict";

var CACHE = "qk-survey-v1";
var SLOW_NETWORK_MS = 6000; // then a kept page is shown instead of waiting longer

self.addEventListener("install", function () { self.skipWaiting(); });

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("qk-") === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

// One copy per page: the address without its query (?lang=, ?q=) is the key.
function key(url) {
  var u = new URL(url, self.location.href);
  return u.origin + u.pathname;
}

// Survey pages are kept; thank-you pages (the person's own answers) and filtered lists are not.
function keepable(url, response) {
  var u = new URL(url);
  var query = Array.from(u.searchParams.keys()).filter(function (name) { return name !== "lang"; });
  return response.ok && response.type === "basic" && !query.length &&
    u.pathname.indexOf("/thanks/") < 0 &&
    (response.headers.get("Content-Type") || "").indexOf("text/html") === 0;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    event.respondWith(page(event));
  } else {
    event.respondWith(asset(event));
  }
});

// Pages: the network first (the survey may have closed), the kept copy without signal.
function page(event) {
  var request = event.request;
  var network = fetch(request).then(function (response) {
    if (keepable(request.url, response)) {
      var copy = response.clone();
      var saving = caches.open(CACHE).then(function (cache) { return cache.put(key(request.url), copy); });
      try { event.waitUntil(saving); } catch (e) { /* the page is already answered */ }
    }
    return response;
  });
  return caches.match(key(request.url)).then(function (kept) {
    if (!kept) { return network.catch(function () { return surveyList(request.url); }); }
    var slow = new Promise(function (resolve) { setTimeout(resolve, SLOW_NETWORK_MS, kept); });
    var fresh = network.then(function (response) {
      return response.status >= 500 ? kept : response; // a struggling server: the kept page still works
    }, function () { return kept; });
    return Promise.race([fresh, slow]);
  });
}

// A page that was never kept (e.g. another Quartier): the survey's list, if kept.
function surveyList(url) {
  var parts = new URL(url).pathname.split("/");
  var at = parts.indexOf("s");
  if (at < 0 || parts.length <= at + 1) { return Response.error(); }
  return caches.match(key(parts.slice(0, at + 2).join("/"))).then(function (kept) {
    return kept || Response.error();
  });
}

// Kept files (CSS, scripts) come from the phone at once and are refreshed in the background.
function asset(event) {
  var request = event.request;
  return caches.match(key(request.url)).then(function (kept) {
    if (!kept) { return fetch(request); }
    var refresh = fetch(request).then(function (response) {
      if (response.ok) {
        return caches.open(CACHE).then(function (cache) { return cache.put(key(request.url), response); });
      }
    }).catch(function () {});
    try { event.waitUntil(refresh); } catch (e) { /* nothing to wait for */ }
    return kept;
  });
}

// survey.js asks: keep these addresses (all Quartiere when preparing for the walk).
self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  if (data.type !== "keep" || !port || !Array.isArray(data.urls)) { return; }
  event.waitUntil(keep(data.urls, !!data.refresh, port));
});

function keep(urls, refresh, port) {
  var ready = 0;
  var failed = 0;
  return caches.open(CACHE).then(function (cache) {
    function one(i) {
      if (i >= urls.length) {
        port.postMessage({ done: true, ready: ready, failed: failed, total: urls.length });
        return null;
      }
      return (refresh ? Promise.resolve(null) : cache.match(key(urls[i]))).then(function (kept) {
        if (kept) { return null; }
        return fetch(urls[i], { credentials: "same-origin", cache: refresh ? "no-cache" : "default" }).then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return cache.put(key(urls[i]), response);
        });
      }).then(function () { ready += 1; }, function () { failed += 1; }).then(function () {
        port.postMessage({ done: false, ready: ready, failed: failed, total: urls.length });
        return one(i + 1);
      });
    }
    return one(0);
  });
}
