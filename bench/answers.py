"""Answers per second, latency and cost per answer: Quartierskompass against a bare Flask insert.

Both apps run on the same serving stack, one server process each, and take turns: at every
number of clients ours runs, then the bare app (``bench/bare.py``: one INSERT per answer), on
SQLite and on PostgreSQL (the tests' throw-away server, here with fsync on). The load comes from
wrk in its own process (``bench/load.py`` says why). Then, on the chosen stack: SQL statements per
answer (an engine event, ``bench/instrumented.py``), SQLite's ``synchronous=FULL`` against
``NORMAL``, and with 10,000 answers the round table's live fragment, the effect of five
moderators refreshing it every 10 s, the planner's results page and each download.

    .venv/bin/python bench/answers.py                        # everything, about 12 minutes
    .venv/bin/python bench/answers.py --stacks all --clients 16,64 --only answers
    .venv/bin/python bench/answers.py --areas 542            # 542 Quartiere, 1,000-vertex outlines
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import views  # noqa: E402
from bench.load import Run, wrk  # noqa: E402
from bench.serving import RUN_STACK, STACKS, Server  # noqa: E402
from bench.world import World, build  # noqa: E402

PARTS = ("answers", "sql", "durability", "views")


def main(argv: list[str] | None = None) -> None:
    args = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="qk-bench-") as tmp:
        for backend in args.backends.split(","):
            with databases(backend, Path(tmp)) as (ours_url, bare_url):
                world = build(ours_url, areas=args.areas)
                extra = f", + {args.areas} Quartiere of 1,000 vertices" if args.areas else ""
                print(
                    f"\n## {backend}: demo campaign, {len(world.themes)} themes{extra}", flush=True
                )
                setting = Setting(world, bare_url, Path(tmp), args.seconds)
                if "answers" in args.only:
                    for stack in args.stacks:
                        compare(setting, stack, args.clients)
                if "sql" in args.only:
                    views.statements(setting, RUN_STACK)
                if "durability" in args.only and backend == "sqlite":
                    durability(setting, RUN_STACK)
                if "views" in args.only:
                    views.live_and_results(setting, RUN_STACK, args.moderator_seconds)


class Setting:
    """What every part needs: the world, the bare database, a log folder, seconds per run."""

    def __init__(self, world: World, bare_url: str, tmp: Path, seconds: float):
        self.world, self.bare_url, self.tmp, self.seconds = world, bare_url, tmp, seconds

    def ours(self, stack: str, **env: str) -> Server:
        settings = {
            "QK_DATABASE_URL": self.world.url,
            "QK_SECRET_KEY": "bench",
            # The per-client answer limit stays on, raised above anything a run sends.
            "QK_RATE_LIMIT_ANSWERS": "1000000000",
            **env,
        }
        return Server(stack, "bench.instrumented:app", settings, self.tmp / "ours.log")

    def bare(self, stack: str, **env: str) -> Server:
        settings = {"BARE_DATABASE_URL": self.bare_url, **env}
        return Server(stack, "bench.bare:app", settings, self.tmp / "bare.log")


@contextmanager
def databases(backend: str, tmp: Path) -> Iterator[tuple[str, str]]:
    """URLs of two empty databases (ours, bare) on ``backend``."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp / 'ours.sqlite3'}", f"sqlite:///{tmp / 'bare.sqlite3'}"
        return
    from sqlalchemy import create_engine, text

    from tests.support.postgres import TemporaryPostgres

    server = TemporaryPostgres(durable=True)
    url = server.start()
    try:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text("CREATE DATABASE qk_bare"))
        admin.dispose()
        yield url, url.rsplit("/", 1)[0] + "/qk_bare"
    finally:
        server.stop()


def measure(server: Server, body: str, clients: int, seconds: float) -> Run:
    """One load run with the server's CPU time around it."""
    before = server.cpu_seconds()
    collected = views.collector(server)
    run = wrk(server.base, body, clients, seconds)
    run.cpu_seconds = server.cpu_seconds() - before
    if collected is not None:
        run.collector = [b - a for a, b in zip(collected, views.collector(server), strict=True)]
    return run


def warm_up(server: Server, body: str) -> None:
    wrk(server.base, body, 4, 1)


def compare(setting: Setting, stack: str, clients: list[int]) -> list[tuple[Run, Run]]:
    """Ours and bare on ``stack``, taking turns at each number of clients; prints the table."""
    body = setting.world.answer_json()
    print(f"\n### {stack}: {' '.join(STACKS[stack])}\n", flush=True)
    print(TABLE_HEAD)
    pairs = []
    with ExitStack() as stack_:
        ours = stack_.enter_context(setting.ours(stack))
        bare = stack_.enter_context(setting.bare(stack))
        warm_up(ours, body)
        warm_up(bare, body)
        # Ours warms the results of its surveys once after a start (app/services/warm_up.py):
        # up to a few seconds of CPU with the answers of earlier runs, not the steady state.
        views.wait_for_warm_up(ours.base)
        for n in clients:
            mine = measure(ours, body, n, setting.seconds)
            theirs = measure(bare, body, n, setting.seconds)
            pairs.append((mine, theirs))
            print(row(mine, theirs), flush=True)
    paused = [
        f"{n} clients {1000 * mine.collector[0]:.0f} ms ({mine.collector[3]:.0f} full)"
        for n, (mine, _theirs) in zip(clients, pairs, strict=True)
        if mine.collector
    ]
    if paused:
        print(f"\nOurs in Python's garbage collector (full collections): {', '.join(paused)}")
    return pairs


TABLE_HEAD = (
    "| clients | ours /s | bare /s | ratio | ours p50 / p99 ms | bare p50 / p99 ms | p99 ratio "
    "| ours CPU ms/answer | bare CPU ms/answer | not 201 (ours/bare) |\n"
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def row(mine: Run, theirs: Run) -> str:
    return (
        f"| {mine.clients} | {mine.rate:.0f} | {theirs.rate:.0f} | {mine.rate / theirs.rate:.2f} "
        f"| {mine.p50_ms:.1f} / {mine.p99_ms:.0f} | {theirs.p50_ms:.1f} / {theirs.p99_ms:.0f} "
        f"| {mine.p99_ms / theirs.p99_ms:.1f} | {mine.cpu_ms:.2f} | {theirs.cpu_ms:.2f} "
        f"| {mine.other} / {theirs.other} |"
    )


def durability(setting: Setting, stack: str) -> None:
    """SQLite with synchronous=NORMAL (WAL: a commit may be lost on power loss) and FULL."""
    body = setting.world.answer_json()
    print("\n### SQLite synchronous: NORMAL against FULL (ours and bare alike)\n")
    print("| synchronous | clients | ours /s | ours p99 ms | ours CPU ms | bare /s | bare p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for mode in ("NORMAL", "FULL"):
        with (
            setting.ours(stack, QK_BENCH_SYNCHRONOUS=mode) as ours,
            setting.bare(stack, BARE_SQLITE_SYNCHRONOUS=mode) as bare,
        ):
            warm_up(ours, body)
            for n in (1, 16):
                mine = measure(ours, body, n, setting.seconds)
                theirs = measure(bare, body, n, setting.seconds)
                print(
                    f"| {mode} | {n} | {mine.rate:.0f} | {mine.p99_ms:.0f} | {mine.cpu_ms:.2f} "
                    f"| {theirs.rate:.0f} | {theirs.p99_ms:.0f} |",
                    flush=True,
                )


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--clients", default="1,4,16,64")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each load run")
    parser.add_argument("--stacks", default=RUN_STACK, help=f"'all' or some of {list(STACKS)}")
    parser.add_argument("--areas", type=int, default=0, help="add this many 1,000-vertex areas")
    parser.add_argument("--only", default=",".join(PARTS), help=f"some of {PARTS}")
    parser.add_argument("--moderator-seconds", type=float, default=30.0)
    args = parser.parse_args(argv)
    args.clients = [int(n) for n in args.clients.split(",")]
    args.stacks = list(STACKS) if args.stacks == "all" else args.stacks.split(",")
    args.only = args.only.split(",")
    return args


if __name__ == "__main__":
    main()
