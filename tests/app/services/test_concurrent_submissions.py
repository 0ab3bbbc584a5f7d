"""Many phones sending at once through the real server: nothing fails, nothing is stored twice.

On SQLite this is the "database is locked" case: WAL, a busy timeout and BEGIN IMMEDIATE write
transactions must make every writer wait its turn instead of failing.
"""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from collections import Counter

from tests.support.factories import answer_payload, count_rows

THREADS = 8
PER_THREAD = 10


def post_json(url: str, payload: dict) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, json.load(reply)
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.load(error)


def run_together(work, count: int) -> list:
    """Run ``work(i)`` in ``count`` threads that start at the same moment; collect results."""
    start = threading.Barrier(count)
    results: list = [None] * count
    failures: list[BaseException] = []

    def runner(index: int) -> None:
        start.wait()
        try:
            results[index] = work(index)
        except BaseException as exc:  # reported below, with the thread's own traceback
            failures.append(exc)

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    return results


def test_concurrent_submissions_are_all_stored(app, survey, live_url):
    url = f"{live_url}/api/v1/responses"
    # All threads share one address: the per-client limit (tests/security/test_rate_limit.py)
    # is raised to exactly what this test sends, so it still runs but refuses nothing.
    app.config["QK_RATE_LIMIT_ANSWERS"] = THREADS * PER_THREAD

    def send_ten(index: int) -> list[int]:
        statuses = []
        for number in range(PER_THREAD):
            area = survey.area_codes[(index + number) % len(survey.area_codes)]
            status, body = post_json(url, answer_payload(survey, area=area))
            assert status == 201, body
            statuses.append(status)
        return statuses

    results = run_together(send_ten, THREADS)
    assert sum(len(statuses) for statuses in results) == THREADS * PER_THREAD
    with app.app_context():
        total = THREADS * PER_THREAD
        assert count_rows() == (total, total * 14, total * 2)


def test_concurrent_repeats_of_one_uuid_store_exactly_one_answer(app, survey, live_url):
    url = f"{live_url}/api/v1/responses"
    payload = answer_payload(survey)

    def send_same(_index: int) -> tuple[int, dict]:
        return post_json(url, payload)

    replies = run_together(send_same, THREADS * 2)
    statuses = Counter(status for status, _ in replies)
    assert statuses == {201: 1, 200: THREADS * 2 - 1}
    assert len({json.dumps(body, sort_keys=True) for _, body in replies}) == 1
    with app.app_context():
        assert count_rows() == (1, 14, 2)
