"""The parts of the answer benchmark beyond answers per second.

SQL statements per answer, and with 10,000 answers: the round table's live fragment (unchanged
and after a new answer), five moderators refreshing it while phones send answers, the planner's
results page and each download.
"""

from __future__ import annotations

import statistics
import time
import urllib.parse
import urllib.request
import uuid
from collections import Counter

from bench.load import Moderators, Staff, wrk
from bench.serving import STACKS
from bench.world import MODERATOR, PLANNER, fill

#: Seconds of each load window when answers alone and answers with moderators take turns.
WINDOW = 10.0

#: The planner's downloads (app/planner/results.py); the first five are tables.
DOWNLOADS = (
    "results.xlsx",
    "aggregated_ratings_excel.csv",
    "aggregated_ratings.csv",
    "index.csv",
    "validation.csv",
    "results.gpkg",
    "kommonitor_index.geojson",
    "kommonitor_resident_median.geojson",
    "report.pdf",
)


def statements(setting, stack: str) -> None:
    """SQL statements per stored answer, counted by an engine event in our app."""
    body = setting.world.answer_json()
    with setting.ours(stack, QK_BENCH_COUNT_SQL="1") as ours:
        wrk(ours.base, body, 1, 1)
        before = _count(ours.base)
        run = wrk(ours.base, body, 1, setting.seconds)
        counted = _count(ours.base) - before
    print(
        f"\nSQL statements per answer (ours, 1 client, {run.created} answers): "
        f"{counted / max(1, run.created + run.other):.1f}; bare: 1 INSERT",
        flush=True,
    )


def _count(base: str) -> int:
    return int(_get(base, "/_bench/statements"))


def _get(base: str, path: str) -> str:
    """A page of ``bench/instrumented.py`` (the count of statements, the warm-up's end, GC)."""
    with urllib.request.urlopen(base + path, timeout=90) as reply:
        return reply.read().decode()


def collector(server) -> list[float] | None:
    """Seconds in the garbage collector and collections per generation, so far (ours only, and
    only with one worker process: with more, each request reaches one of them)."""
    if "instrumented" not in server.target or not _one_worker(server.stack):
        return None
    return [float(x) for x in _get(server.base, "/_bench/gc").split()]


def _one_worker(stack: str) -> bool:
    command = " ".join(STACKS[stack])
    return "--workers=" not in command or "--workers=1" in command


def wait_for_warm_up(base: str) -> float:
    """Seconds waited until the server's warm-up thread had ended (``bench/instrumented.py``;
    with several worker processes: in the one that answers)."""
    return float(_get(base, "/_bench/warmed"))


def _unchanged(moderator: Staff, live: str) -> list[float]:
    """Five refreshes sent with the last ETag, as roundtable.js does; each must be a 304."""
    times = []
    for _ in range(5):
        status, seconds, _ = moderator.timed(live, moderator.etag)
        assert status == 304, status
        times.append(seconds)
    return times


def post_answer(base: str, body: str) -> int:
    data = body.replace("UUID", str(uuid.uuid4()), 1).encode()
    request = urllib.request.Request(
        base + "/api/v1/responses", data=data, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as reply:
        return reply.status


def median_ms(times: list[float]) -> str:
    return f"{1000 * statistics.median(times):.0f} ms" if times else "–"


def live_and_results(setting, stack: str, moderator_seconds: float) -> None:
    """With 10,000 answers: live fragment, moderators' effect, results page, downloads."""
    world = setting.world
    added = fill(world, 10_000)
    body = world.answer_json()
    print(f"\n### With {world.answers():,} answers ({added:,} added in bulk), stack {stack}\n")
    area = urllib.parse.quote(world.area_code)
    live = f"/moderator/surveys/{world.campaign_id}/areas/{area}/live"
    with setting.ours(stack) as ours:
        moderator = Staff(ours.base, *MODERATOR)
        moderator.timed(live)  # the first request of a process builds caches; not counted
        starting = _unchanged(moderator, live)  # while the process's warm-up may still run
        waited = wait_for_warm_up(ours.base)
        unchanged, changed = _unchanged(moderator, live), []
        for _ in range(5):
            assert post_answer(ours.base, body) == 201
            status, seconds, _ = moderator.timed(live, moderator.etag)
            assert status == 200, status
            changed.append(seconds)
        print(f"(then {waited:.1f} s waited for the warm-up to end; the rows below, after it)\n")
        print("| what | median | each |\n|---|---:|---|")
        print(
            f"| live fragment, nothing changed, right after the start | {median_ms(starting)} "
            f"| {_each(starting)} |"
        )
        print(f"| live fragment, nothing changed | {median_ms(unchanged)} | {_each(unchanged)} |")
        print(f"| live fragment, after a new answer | {median_ms(changed)} | {_each(changed)} |")
        planner = Staff(ours.base, *PLANNER)
        _results(planner, world.campaign_id)
        _after_an_answer(planner, world.campaign_id, ours.base, body)
        _moderators(ours, body, live, moderator_seconds)


def _each(times: list[float]) -> str:
    return ", ".join(f"{1000 * t:.0f}" for t in times)


def _results(planner: Staff, campaign_id: int) -> None:
    page = f"/planner/surveys/{campaign_id}/results"
    times = [planner.timed(page) for _ in range(3)]
    assert all(status == 200 for status, _, _ in times), times
    print(
        f"| planner's results page | {median_ms([t for _, t, _ in times])} "
        f"| {_each([t for _, t, _ in times])} |"
    )
    for name in DOWNLOADS:
        status, seconds, size = planner.timed(f"/planner/surveys/{campaign_id}/download/{name}")
        note = f"{size:,} bytes" if status == 200 else f"HTTP {status}"
        print(f"| download {name} | {1000 * seconds:.0f} ms | {note} |", flush=True)


def _after_an_answer(planner: Staff, campaign_id: int, base: str, body: str) -> None:
    """The results page and results.xlsx right after a new answer, in a process that computed
    them before (what a planner sees while answers come in; the rows above are a process's
    first computation)."""
    for what in ("results", "download/results.xlsx"):
        times, paused = [], []
        for _ in range(3):
            assert post_answer(base, body) == 201
            before = float(_get(base, "/_bench/gc").split()[0])
            status, seconds, _size = planner.timed(f"/planner/surveys/{campaign_id}/{what}")
            assert status == 200, status
            times.append(seconds)
            paused.append(float(_get(base, "/_bench/gc").split()[0]) - before)
        print(
            f"| {what}, after a new answer | {median_ms(times)} | {_each(times)} "
            f"(garbage collector: {_each(paused)}) |",
            flush=True,
        )


def _moderators(ours, body: str, live: str, seconds: float) -> None:
    """Answers per second at 16 clients in turns without and with five moderators.

    Windows of 10 s take turns, alone first and last (``seconds`` with them in all), and each
    window with them is compared with the mean of the windows alone on either side. One
    window alone followed by one with them (as before 2026-12-01) measured the drift of a
    growing database and of a shared machine as the moderators' cost (bench/README.md,
    branch f10-live). In a window each moderator refreshes once (every 10 s, staggered).
    """
    staff = [Staff(ours.base, *MODERATOR) for _ in range(5)]
    alone = [wrk(ours.base, body, 16, WINDOW)]
    watched, statuses, times = [], Counter(), []
    for _ in range(max(1, round(seconds / WINDOW))):
        with Moderators(staff, live, every=WINDOW) as moderators:
            time.sleep(0.1)
            watched.append(wrk(ours.base, body, 16, WINDOW))
        statuses.update(moderators.statuses)
        times += moderators.times
        alone.append(wrk(ours.base, body, 16, WINDOW))
    change = [
        100 * (w.rate / ((a.rate + b.rate) / 2) - 1)
        for w, a, b in zip(watched, alone, alone[1:], strict=False)
    ]
    print(
        f"\nFive moderators refreshing every 10 s, 16 clients, windows of {WINDOW:.0f} s in turns: "
        f"alone {_rates(alone)} answers/s, with them {_rates(watched)}; each window with them "
        f"against the mean of its neighbours alone: {', '.join(f'{c:+.0f} %' for c in change)} "
        f"(median {statistics.median(change):+.0f} %, mean {statistics.mean(change):+.0f} %); "
        f"p99 alone {statistics.median(r.p99_ms for r in alone):.0f} ms, with them "
        f"{statistics.median(r.p99_ms for r in watched):.0f} ms (medians); the moderators' "
        f"requests: {_statuses(statuses)}, median {median_ms(times)}",
        flush=True,
    )


def _rates(runs) -> str:
    return ", ".join(f"{r.rate:.0f}" for r in runs)


def _statuses(statuses: Counter) -> str:
    return ", ".join(f"{n} × {status}" for status, n in sorted(statuses.items())) or "none"
