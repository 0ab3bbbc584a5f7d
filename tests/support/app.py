"""Building the app for a test and serving it in a thread of the test process (waitress).

`make run` serves with gunicorn in processes of its own; tests/support/app_process.py starts those.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app import create_app

#: The repository's root folder.
ROOT = Path(__file__).resolve().parents[2]


def make_app(database_url: str, instance: Path, **extra):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": True,
        **extra,
    }
    app = create_app(config)
    app.instance_path = str(instance)
    return app


@contextmanager
def served(app, threads: int = 8, **adjustments) -> Iterator[str]:
    """Serve ``app`` with waitress in a thread on a free port; yields the base URL.

    ``adjustments`` are waitress options, e.g. ``trusted_proxy`` for a test behind a proxy.
    """
    from waitress import create_server

    server = create_server(app, host="127.0.0.1", port=0, threads=threads, **adjustments)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop_server(server, thread)


def stop_server(server, thread: threading.Thread) -> None:
    """Stop a waitress server started in ``thread`` without racing its own threads.

    Workers finish first: a worker still completing a request wakes the loop through the
    trigger, and a trigger closed under it makes waitress log an error naming the client's
    address (or write into whatever file reused the descriptor). The trigger that carries the
    closing step to the loop is only taken out of the loop there, and closed here once the loop
    has ended, because handing the step over may still be writing to it.
    """
    from waitress import wasyncore

    server.task_dispatcher.shutdown()

    def close_all() -> None:  # runs in the server's own loop thread
        server.trigger.del_channel()
        for channel in list(server._map.values()):
            wasyncore.dispatcher.close(channel)  # the server's own close() would shut the trigger

    server.trigger.pull_trigger(close_all)
    thread.join(timeout=10)
    server.trigger.close()
