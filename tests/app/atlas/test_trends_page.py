"""The planner's time-series page on Köln's eight stored years."""

from __future__ import annotations

import re

from tests.support.stored import store_koeln
from tests.support.workspace import login, make_user


def _cells(html: str, table_id: str) -> list[list[str]]:
    body = html.split(f'id="{table_id}"')[1].split("</table>")[0].split("<tbody>")[1]
    rows = body.split("<tr>")[1:]
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td.*?</td>", r)] for r in rows
    ]


def test_the_time_series_page_shows_table_chart_change_and_flagged_values(app, client, tmp_path):
    with app.test_request_context():
        koeln = store_koeln(tmp_path, planted=("101", 2009, 3.0))
        kommune_id = koeln.id
        make_user("plan@example.org", "planner", ["Köln"])
    login(client, "plan@example.org")
    url = f"/planner/kommune/{kommune_id}/trends"
    query = {"indicator": "EW", "how": "sum", "area": "101", "start": "2005", "end": "2012"}
    page = client.get(url, query_string=query).get_data(as_text=True)
    assert 'src="data:image/svg+xml;base64,' in page
    line = _cells(page, "kommune-line")
    assert [row[0] for row in line] == [str(y) for y in range(2005, 2013)]
    assert line[0][-1] == "86"  # Quartiere with a value in 2005
    jumps = _cells(page, "jumps")
    assert [row[:3] for row in jumps if row[0] == "101"] == [["101", "2008", "2009"],
                                                             ["101", "2009", "2010"]]  # fmt: skip
    assert page.count('class="n jump"') >= 2
    change = _cells(page, "change")
    assert len(change) == 86 and "Veränderung in Prozent" in page
    share = client.get(url, query_string={"indicator": "Anteil_unter_6", "start": "2005",
                                          "end": "2012"}).get_data(as_text=True)  # fmt: skip
    assert "Veränderung in Prozentpunkten" in share
    assert {row[-1] for row in _cells(share, "change")} <= {"besser", "schlechter", "unverändert"}
    bad = client.get(url, query_string={"indicator": "EW", "how": "weighted:nichts"})
    assert bad.status_code == 200 and 'role="alert"' in bad.get_data(as_text=True)
    assert client.get(f"/planner/kommune/{kommune_id + 99}/trends").status_code in (403, 404)
