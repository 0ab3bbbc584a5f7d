"""The Sozialatlas in a real Chromium: a value on a class limit is drawn in the class the legend
says, names are labels made of text, never markup."""

from __future__ import annotations

from sqlalchemy import select

from app.core.database import write_transaction
from app.core.extensions import db
from app.models import Area, Kommune
from tests.support.browser import browser_marks
from tests.support.indicator_files import import_indicators
from tests.support.workspace import PASSWORD

pytestmark = browser_marks()

VALUES = {"1 a": 10.0, "01100101": 20.0, "15 b": 30.0, "99": 40.0}


def _store(app, tmp_path) -> int:
    path = tmp_path / "werte.csv"
    path.write_text("code;Quote\n" + "\n".join(f"{c};{v}" for c, v in VALUES.items()))
    with app.app_context():
        import_indicators(path, "Teststadt", "code", year=2024)
        with write_transaction():
            area = db.session.scalar(select(Area).where(Area.code == "99"))
            area.name = "<b>Fett</b> & Co"
        return db.session.scalar(select(Kommune.id).where(Kommune.name == "Teststadt"))


def test_a_value_on_a_class_limit_is_drawn_in_the_legends_class(site, browser, tmp_path):
    base, app = site
    kommune_id = _store(app, tmp_path)
    page = browser.new_context(locale="de-DE", viewport={"width": 1400, "height": 900}).new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/login")
    page.fill("#email", "plan@example.org")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    page.goto(f"{base}/planner/kommune/{kommune_id}/atlas?indicator=Quote&year=2024"
              "&scheme=manual&limits=20+30+40")  # fmt: skip
    page.wait_for_selector('path[data-code="01100101"]')
    legend = page.eval_on_selector_all(
        "#atlas-legend li[data-class]:not([data-class=''])",
        "items => items.map(li => [li.dataset.colour, li.querySelector('.range').textContent])",
    )
    assert [label for _colour, label in legend] == ["10,0 – 20,0", "20,0 – 30,0", "30,0 – 40,0"]
    for code, value in VALUES.items():
        fill = page.get_attribute(f'path[data-code="{code}"]', "fill")
        colour, label = next(pair for pair in legend if pair[0] == fill)
        low, high = (float(part.replace(",", ".")) for part in label.split(" – "))
        assert low <= value <= high, (code, value, label)
        row = page.inner_text(f'#atlas-table tr[data-code="{code}"]')
        assert label in row  # the table beside the map says the same class
    first = page.get_attribute('path[data-code="01100101"]', "fill")
    assert first == legend[0][0]  # 20 is the first class's upper limit: it belongs there
    labels = page.eval_on_selector_all(".area-name", "els => els.map(e => e.textContent)")
    assert "<b>Fett</b> & Co" in labels  # the name as text …
    assert page.locator("#map b").count() == 0  # … never as markup
    assert errors == []
