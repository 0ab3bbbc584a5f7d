// Rules of the survey's offline queue (app/static/js/survey.js), run with `node --test tests/js/`.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { test } from "node:test";

const require = createRequire(import.meta.url);
const Q = require("../../app/static/js/survey.js");

const UUIDS = ["0b6f2c1e-4a1d-4d6e-9f00-000000000001", "0b6f2c1e-4a1d-4d6e-9f00-000000000002",
  "0b6f2c1e-4a1d-4d6e-9f00-000000000003"];

function entry(uuid, seq, extra = {}) {
  return { uuid, seq, state: "waiting", reason: "", label: "Altstadt",
    payload: { token: "t", area: "1 a", uuid, ratings: { moving: 5 }, channel: "web" }, ...extra };
}

async function storeWith(...entries) {
  const store = Q.memoryStore();
  for (const e of entries) { await store.put(e); }
  return store;
}

// A fake server: answers each try with the next status of the script and records the order.
function server(...statuses) {
  const calls = [];
  const send = async (payload) => {
    calls.push(payload.uuid);
    const status = statuses.length ? statuses.shift() : 201;
    const bodies = {
      400: { message: "Bitte prüfen Sie Ihre Antworten.", errors: [{ field: "ratings.moving", message: "Bitte wählen Sie einen Wert von 1 bis 7." }] },
      404: { message: "Dieser Link zur Umfrage ist nicht gültig." },
      409: { message: "Diese Umfrage hat noch nicht begonnen." },
      410: { message: "Diese Umfrage ist beendet. Danke für Ihr Interesse." },
    };
    return { status, body: bodies[status] || null };
  };
  return { send, calls };
}

test("201 and 200 mean stored; only those remove an answer from the phone", () => {
  assert.equal(Q.outcome(201).kind, "sent");
  assert.equal(Q.outcome(200).kind, "sent");
  for (const status of [0, 202, 204, 301]) {
    assert.notEqual(Q.outcome(status).kind, "sent", String(status));
  }
});

test("no connection, timeouts, rate limits and 503 make the whole queue wait", () => {
  for (const status of [0, undefined, 408, 425, 429, 503]) {
    assert.equal(Q.outcome(status, null).kind, "wait", String(status));
  }
});

test("any other server error is the answer's own trouble, to be tried again", () => {
  for (const status of [500, 502, 504, 599]) {
    assert.deepEqual(Q.outcome(status, null), { kind: "error", status }, String(status));
  }
});

test("bad input, an unknown survey and a survey that is closed or not open are lasting", () => {
  const closed = Q.outcome(410, { message: "Diese Umfrage ist beendet. Danke für Ihr Interesse." });
  assert.deepEqual(closed, { kind: "refused", status: 410, reason: "Diese Umfrage ist beendet. Danke für Ihr Interesse." });
  const bad = Q.outcome(400, { message: "Bitte prüfen Sie Ihre Antworten.", errors: [{ field: "x", message: "Eins." }, { field: "y", message: "Zwei." }] });
  assert.equal(bad.reason, "Bitte prüfen Sie Ihre Antworten. Eins. Zwei.");
  for (const status of [400, 403, 404, 409, 410, 413, 422]) {
    assert.equal(Q.outcome(status, null).kind, "refused", String(status));
  }
});

test("back-off doubles from the base up to a cap", () => {
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 10].map((n) => Q.backoff(n)), [5, 10, 20, 40, 80, 160, 300, 300, 300]);
  assert.deepEqual([0, 1, 2].map((n) => Q.backoff(n, 0.5, 1)), [0.5, 1, 1]);
});

test("answers are sent one at a time, oldest first, and removed once confirmed", async () => {
  const store = await storeWith(entry(UUIDS[2], 3), entry(UUIDS[0], 1), entry(UUIDS[1], 2));
  let inFlight = 0;
  let most = 0;
  const send = async (payload) => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 5));
    inFlight -= 1;
    return { status: payload.uuid === UUIDS[1] ? 200 : 201, body: null };
  };
  const order = [];
  const summary = await Q.flush(store, async (p) => { order.push(p.uuid); return send(p); });
  assert.deepEqual(order, UUIDS);
  assert.equal(most, 1);
  assert.deepEqual(summary, { sent: UUIDS, refused: [], failed: [], retry: false, next: null });
  assert.deepEqual(await store.all(), []);
  // Flushing again sends nothing.
  const again = server();
  assert.deepEqual(await Q.flush(store, again.send), { sent: [], refused: [], failed: [], retry: false, next: null });
  assert.deepEqual(again.calls, []);
});

test("a failure that concerns every answer stops the round and keeps every answer, marked as having waited", async () => {
  const store = await storeWith(entry(UUIDS[0], 1), entry(UUIDS[1], 2));
  const first = server(503);
  const summary = await Q.flush(store, first.send);
  assert.deepEqual(first.calls, [UUIDS[0]]); // the second is not tried while the server is down
  assert.deepEqual(summary, { sent: [], refused: [], failed: [], retry: true, next: null });
  const kept = await store.all();
  assert.equal(kept.length, 2);
  assert.deepEqual(kept.map((e) => e.payload.channel), ["offline", "offline"]);
  assert.ok(kept.every((e) => e.state === "waiting"));
  // Later the server is back: both arrive, nothing is lost.
  const later = server(201, 201);
  assert.deepEqual((await Q.flush(store, later.send)).sent, [UUIDS[0], UUIDS[1]]);
  assert.deepEqual(await store.all(), []);
});

test("a lasting refusal stays on the phone with its reason and does not block the others", async () => {
  const store = await storeWith(entry(UUIDS[0], 1), entry(UUIDS[1], 2));
  const summary = await Q.flush(store, server(410, 201).send);
  assert.deepEqual(summary, { sent: [UUIDS[1]], refused: [UUIDS[0]], failed: [], retry: false, next: null });
  const [left] = await store.all();
  assert.equal(left.uuid, UUIDS[0]);
  assert.equal(left.state, "refused");
  assert.equal(left.reason, "Diese Umfrage ist beendet. Danke für Ihr Interesse.");
  // It is not sent again by itself, and not dropped.
  const again = server();
  await Q.flush(store, again.send);
  assert.deepEqual(again.calls, []);
  assert.equal((await store.all()).length, 1);
});

test("a send that throws keeps the answer", async () => {
  const store = await storeWith(entry(UUIDS[0], 1));
  await assert.rejects(Q.flush(store, async () => { throw new Error("boom"); }));
  assert.equal((await store.all()).length, 1);
});

test("the payload has the API's shape, built from the form's fields", () => {
  const pairs = [["csrf_token", "abc"], ["uuid", UUIDS[0]], ["age_band", "30_44"], ["gender", ""],
    ["years_in_area", "5_9"], ["score-moving", "5"], ["good-moving", "Breite Wege"], ["improve-moving", "  "],
    ["score-safety", "na"], ["good-nature", "Der Park"], ["improve-nature", ""]];
  const body = Q.payload(pairs, { token: "tok", area: "1 a", role: "resident" });
  assert.deepEqual(body, {
    token: "tok", area: "1 a", role: "resident", uuid: UUIDS[0],
    ratings: { moving: 5, safety: null },
    comments: { moving: { good: "Breite Wege" }, nature: { good: "Der Park" } },
    demographics: { age_band: "30_44", gender: "", years_in_area: "5_9" },
  });
  const group = Q.payload([["uuid", UUIDS[1]], ["group_code", "Tisch 2"], ["group_size", "6"], ["score-play", "7"]],
    { token: "g", area: "15 b", role: "group" });
  assert.deepEqual(group.group, { code: "Tisch 2", size: 6 });
  assert.deepEqual(group.ratings, { play: 7 });
});

test("the hand-over file holds the answers and a format tag, nothing about the phone", () => {
  const file = Q.exportFile([entry(UUIDS[0], 1), entry(UUIDS[1], 2, { state: "refused", reason: "geschlossen" })]);
  assert.deepEqual(Object.keys(file).sort(), ["answers", "format", "version"]);
  assert.equal(file.format, "quartierskompass-answers");
  assert.equal(file.version, 1);
  assert.deepEqual(file.answers.map((a) => a.uuid), UUIDS.slice(0, 2));
  assert.deepEqual(Object.keys(file.answers[0]).sort(), ["area", "ratings", "token", "uuid"]);
  const text = JSON.stringify(file);
  assert.doesNotMatch(text, /\d{4}-\d\d-\d\dT|userAgent|Mozilla|label|seq|reason/);
});

test("new answers queue behind the ones already waiting", () => {
  assert.equal(Q.nextSeq([]), 1);
  assert.equal(Q.nextSeq([entry(UUIDS[0], 4), entry(UUIDS[1], 2)]), 5);
});

// A server that always answers 500 to one answer and stores every other; a clock the test moves.
function oneBroken(broken) {
  const calls = [];
  const send = async (payload) => {
    calls.push(payload.uuid);
    return { status: payload.uuid === broken ? 500 : 201, body: null };
  };
  return { send, calls };
}

test("one answer that keeps getting a server error never blocks the others", async () => {
  const store = await storeWith(entry(UUIDS[0], 1), entry(UUIDS[1], 2), entry(UUIDS[2], 3));
  const server = oneBroken(UUIDS[0]);
  let now = 1_000_000;
  const options = { now: () => now, base: 5 };
  const first = await Q.flush(store, server.send, options);
  assert.deepEqual(server.calls, UUIDS); // tried, then the others went on
  assert.deepEqual(first.sent, [UUIDS[1], UUIDS[2]]);
  assert.equal(first.retry, false); // the queue as a whole does not wait
  assert.equal(first.next, 5000); // the broken one's own back-off
  const [kept] = await store.all();
  assert.equal(kept.uuid, UUIDS[0]);
  assert.equal(kept.errors, 1);
  assert.equal(kept.payload.channel, "offline");
  // A new answer arrives a second later: it goes at once, the broken one is not due yet.
  const fresh = "0b6f2c1e-4a1d-4d6e-9f00-000000000004";
  await store.put(entry(fresh, 4));
  now += 1000;
  server.calls.length = 0;
  const second = await Q.flush(store, server.send, options);
  assert.deepEqual(server.calls, [fresh]);
  assert.deepEqual(second.sent, [fresh]);
  assert.equal(second.next, 4000);
  // Once due it is tried again, and waits twice as long after the next error.
  now += 4000;
  server.calls.length = 0;
  const third = await Q.flush(store, server.send, options);
  assert.deepEqual(server.calls, [UUIDS[0]]);
  assert.equal(third.next, 10000);
  assert.equal((await store.all())[0].errors, 2);
});

test("among the answers that are due, the oldest goes first", async () => {
  const store = await storeWith(
    entry(UUIDS[0], 1, { errors: 1, due: 2000 }), entry(UUIDS[2], 3), entry(UUIDS[1], 2));
  const order = server();
  const summary = await Q.flush(store, order.send, { now: () => 1000 });
  assert.deepEqual(order.calls, [UUIDS[1], UUIDS[2]]);
  assert.equal(summary.next, 1000);
  order.calls.length = 0;
  await Q.flush(store, order.send, { now: () => 2000 });
  assert.deepEqual(order.calls, [UUIDS[0]]);
  assert.deepEqual(await store.all(), []);
});

test("after N server errors an answer is shown as not sent, kept for the file, and still tried", async () => {
  const store = await storeWith(entry(UUIDS[0], 1), entry(UUIDS[1], 2));
  const broken = oneBroken(UUIDS[0]);
  let now = 0;
  const options = { now: () => now, base: 1, cap: 60, maxErrors: 3 };
  const failedAfter = [];
  for (let round = 1; round <= 3; round++) {
    const summary = await Q.flush(store, broken.send, options);
    failedAfter.push(summary.failed.length);
    now += summary.next;
  }
  assert.deepEqual(failedAfter, [0, 0, 1]);
  const [kept] = await store.all();
  assert.equal(kept.uuid, UUIDS[0]);
  assert.equal(kept.state, "waiting");
  assert.ok(Q.failed(kept, 3));
  assert.ok(!Q.failed(kept, 4));
  assert.equal(Q.MAX_ERRORS, 5);
  assert.deepEqual(Q.exportFile(await store.all()).answers.map((a) => a.uuid), [UUIDS[0]]);
  // The server is mended: the next try stores it and it leaves the phone.
  const mended = server(201);
  assert.deepEqual((await Q.flush(store, mended.send, options)).sent, [UUIDS[0]]);
  assert.deepEqual(await store.all(), []);
});

test("'Send now' also tries the answers whose own back-off has not ended", async () => {
  const store = await storeWith(entry(UUIDS[0], 1, { errors: 2, due: 50_000 }));
  const waitingOnly = server();
  await Q.flush(store, waitingOnly.send, { now: () => 0 });
  assert.deepEqual(waitingOnly.calls, []);
  const now = server(201);
  assert.deepEqual((await Q.flush(store, now.send, { now: () => 0, all: true })).sent, [UUIDS[0]]);
});
