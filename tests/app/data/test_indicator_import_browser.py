"""The indicator import in a real Chromium: upload, preview with the column report and the code
match, refresh, import – the path that used to fail with a false "more than one value"."""

from __future__ import annotations

from sqlalchemy import select

from app.core.extensions import db
from app.models import Area, Indicator, IndicatorValue, Kommune
from tests.support.browser import browser_marks
from tests.support.workspace import PASSWORD

pytestmark = browser_marks()

TABLE = (
    "Sozialraumprofil Teststadt 2023;;;\n"
    ";;;\n"
    "Nr.;Name;SGB2_2023;Einwohner_2023\n"
    "SR1a;Altstadt;12,5;1.748\n"
    "SR15b;Nordstadt;x;2.305\n"
    "SR0;Stadt gesamt;9,0;12.000\n"
    "Quelle: Jobcenter;;;\n"
)


def test_upload_preview_refresh_and_import_in_chromium(site, browser, tmp_path):
    base, app = site
    path = tmp_path / "profil.csv"
    path.write_bytes(TABLE.encode("cp1252"))
    errors: list[str] = []
    page = browser.new_context(locale="de-DE").new_page()
    page.set_default_timeout(30_000)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{base}/login")
    page.fill("#email", "plan@example.org")
    page.fill("#password", PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()
    with app.app_context():
        kommune_id = db.session.scalar(select(Kommune.id).where(Kommune.name == "Teststadt"))
    page.goto(f"{base}/planner/kommune/{kommune_id}/indicators")
    page.set_input_files("#file", str(path))
    page.get_by_role("button", name="Hochladen und Vorschau").click()
    page.wait_for_url("**/indicators/preview?upload=*")

    report = page.locator("#column-report").inner_text()
    assert "SGB2" in report and "Einwohner" in report and "Gebietsnamen" in report
    summary = page.locator("#match-summary").inner_text()
    assert (
        summary
        == "2 von 3 Schlüsseln passen zu Gebieten dieser Kommune, wenn „SR“ weggelassen wird."
    )
    assert (
        "SR0 (Stadt gesamt): die Summe der ganzen Kommune"
        in page.locator("#not-areas").inner_text()
    )
    assert page.get_by_role("button", name="Werte importieren").count() == 0  # not yet
    assert "Sozialraumprofil Teststadt 2023" in page.content()

    # Only SGB2, the total row left out: "update preview" (GET), then import (POST).
    page.get_by_label("Einwohner_2023").check()
    page.get_by_label("Diese Zeilen weglassen").check()
    page.get_by_role("button", name="Vorschau aktualisieren").click()
    page.wait_for_load_state()
    assert "columns=Einwohner_2023" in page.url
    assert "nicht zum Import ausgewählt" in page.locator("#column-report").inner_text()
    page.get_by_role("button", name="2 Werte importieren").click()
    page.wait_for_url("**/indicators")
    assert "2 Werte hinzugefügt, 0 aktualisiert." in page.content()
    with app.app_context():
        stored = set(db.session.execute(
            select(Indicator.key, Area.code, IndicatorValue.year, IndicatorValue.value,
                   IndicatorValue.source).join(Indicator).join(Area)
        ).all())  # fmt: skip
    assert stored == {
        ("Einwohner", "1 a", 2023, 1748.0, "profil.csv"),
        ("Einwohner", "15 b", 2023, 2305.0, "profil.csv"),
    }
    assert errors == []
