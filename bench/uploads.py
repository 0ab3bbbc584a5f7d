"""What reading uploads in the confined worker costs: start-up, and the Berlin LOR preview.

    .venv/bin/python bench/uploads.py [--repeat 5] [--web-only]

1. A worker that does nothing: a fresh interpreter (``spawn``) against a fork of the
   forkserver that ``analysis.readers.sandbox`` keeps (libraries loaded once).
2. Berlin's 58 Prognoseräume (GeoJSON, 3.3 MB) as the area preview reads them (the fields, the
   guessed choice, the checked areas): in this process with our readers, and in the worker.
3. The planner's preview page for that file through the web (Flask's test client, SQLite): the
   upload, then the preview's first visit. ``--web-only`` runs just this part, which also runs
   on code from before the worker (to compare).

Every figure is the best of ``--repeat`` runs, in seconds of wall-clock time.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LOR = ROOT / ".." / "shared" / "data" / "berlin" / "lor_prognoseraeume_2021_epsg25833.geojson"


def nothing(path: str) -> int:
    """A job for the worker that does nothing."""
    return 0


def load_readers(path: str) -> int:
    """What a fresh interpreter must do before it can read an upload: import the readers."""
    import analysis.readers.isolated  # noqa: F401

    return 0


def best(repeat: int, job) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        job()
        times.append(time.perf_counter() - started)
    return min(times)


def start_up(repeat: int) -> None:
    import multiprocessing

    from analysis.readers.sandbox import run

    def spawned() -> None:
        context = multiprocessing.get_context("spawn")
        worker = context.Process(target=load_readers, args=("x",))
        worker.start()
        worker.join()

    run(nothing, "x")  # starts the forkserver once (not counted: it happens once a process)
    forked = best(repeat, lambda: run(nothing, "x"))
    print(f"worker start, spawn (fresh interpreter)      {best(repeat, spawned):6.3f} s")
    print(f"worker start, forkserver + limits + GDAL     {forked:6.3f} s")


def readers(repeat: int) -> None:
    from analysis.readers import isolated, preview

    here = best(repeat, lambda: preview.preview_areas(LOR))
    there = best(repeat, lambda: isolated.preview_areas(LOR))
    print(f"Berlin LOR preview (fields + areas), here    {here:6.3f} s")
    print(f"Berlin LOR preview, in the worker            {there:6.3f} s")


def web(repeat: int) -> None:
    from sqlalchemy import select

    from app import create_app
    from app.core.extensions import db
    from app.models import Kommune
    from app.services.accounts import create_user
    from tests.support.workspace import csrf_of, login

    folder = Path(tempfile.mkdtemp(prefix="qk-bench-"))
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI":
         f"sqlite:///{folder / 'bench.sqlite3'}"}
    )  # fmt: skip
    app.instance_path = str(folder)
    with app.app_context():
        db.create_all()
        create_user("bench@example.org", "planner", ["Berlin"], "bench password 1",
                    create_kommunen=True)  # fmt: skip
        kommune_id = db.session.scalar(select(Kommune.id))
    client = app.test_client()
    login(client, "bench@example.org", "bench password 1")
    base = f"/planner/kommune/{kommune_id}/areas"
    content = LOR.read_bytes()

    def preview() -> None:
        data = {"csrf_token": csrf_of(client, base), "file": (io.BytesIO(content), LOR.name)}
        location = client.post(base, data=data, content_type="multipart/form-data").location
        page = client.get(location)
        assert page.status_code == 200 and "58" in page.get_data(as_text=True)

    print(f"upload + preview page of Berlin LOR (web)    {best(repeat, preview):6.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--web-only", action="store_true")
    args = parser.parse_args()
    if not args.web_only:
        start_up(args.repeat)
        readers(args.repeat)
    web(args.repeat)


if __name__ == "__main__":
    main()
