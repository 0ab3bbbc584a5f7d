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

test("no connection, timeouts, rate limits and server errors are temporary", () => {
  for (const status of [0, undefined, 408, 425, 429, 500, 502, 503, 504]) {
    assert.equal(Q.outcome(status, null).kind, "retry", String(status));
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
  assert.deepEqual(summary, { sent: UUIDS, refused: [], retry: false });
  assert.deepEqual(await store.all(), []);
  // Flushing again sends nothing.
  const again = server();
  assert.deepEqual(await Q.flush(store, again.send), { sent: [], refused: [], retry: false });
  assert.deepEqual(again.calls, []);
});

test("a temporary failure stops the round and keeps every answer, marked as having waited", async () => {
  const store = await storeWith(entry(UUIDS[0], 1), entry(UUIDS[1], 2));
  const first = server(503);
  const summary = await Q.flush(store, first.send);
  assert.deepEqual(first.calls, [UUIDS[0]]); // the second is not tried while the server is down
  assert.deepEqual(summary, { sent: [], refused: [], retry: true });
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
  assert.deepEqual(summary, { sent: [UUIDS[1]], refused: [UUIDS[0]], retry: false });
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
