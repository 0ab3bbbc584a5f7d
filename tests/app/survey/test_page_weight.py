"""The survey page of one Quartier stays light: few requests, few bytes, no other host."""

from __future__ import annotations


def test_survey_page_is_within_budget(weight, bench):
    assert weight.themes == 14
    urls = [url for url, _ in weight.resources]
    # The weighing followed the page's own assets (so the budget below is not vacuous).
    assert urls[1:] == ["/static/css/app.css", "/static/js/survey.js"]
    assert weight.missing == []
    assert weight.requests <= 4
    assert weight.total_bytes <= bench.BUDGET_BYTES
    assert weight.other_hosts == []


def test_the_weighing_sees_other_hosts_and_css_assets(app, bench):
    """A page that pulled in a CDN script or a web font would be reported."""
    page = (
        '<html><head><link rel="stylesheet" href="/static/css/app.css">'
        '<script src="https://cdn.example.org/lib.js"></script>'
        "<style>body{background:url(//fonts.example.net/x.woff2)}</style></head>"
        '<body><a href="https://example.com/">a link is not a request</a>'
        '<img src="data:image/png;base64,AAAA" alt=""></body></html>'
    )
    app.add_url_rule("/weight-probe", "weight_probe", lambda: page)
    weight = bench.measure_client(app.test_client(), "/weight-probe")
    assert [url for url, _ in weight.resources] == ["/weight-probe", "/static/css/app.css"]
    assert sorted(weight.other_hosts) == [
        "http://fonts.example.net/x.woff2",
        "https://cdn.example.org/lib.js",
    ]
