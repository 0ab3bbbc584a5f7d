"""``flask indicators index --save`` and ``flask index``: versions from the shell."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select

from app.core.extensions import db
from app.models import Campaign, IndexVersion
from app.services.demo import load_demo


def _run(runner, *args: str):
    return runner.invoke(args=list(args))


def test_saving_listing_comparing_using_and_deleting_versions(app, runner, tmp_path):
    with app.app_context():
        load_demo()
    base = ["--kommune", "Musterstadt", "--indicators", "sgb2_quote,nef_u15"]
    saved = _run(runner, "indicators", "index", *base, "--year", "2023", "--save", "SI 2023")
    assert saved.exit_code == 0 and "Index version “SI 2023” saved." in saved.output
    out = tmp_path / "i.csv"
    both = _run(runner, "indicators", "index", *base, "--year", "2024", "--save", "SI 2024",
                "-o", str(out))  # fmt: skip
    assert both.exit_code == 0, both.output
    again = _run(runner, "indicators", "index", *base, "--year", "2024", "--save", "SI 2024")
    assert again.exit_code == 1 and "already a version called “SI 2024”" in again.output
    neither = _run(runner, "indicators", "index", *base, "--year", "2024")
    assert neither.exit_code == 1 and "--save NAME" in neither.output
    listing = _run(runner, "index", "versions", "--kommune", "Musterstadt").output.splitlines()
    assert [line.split("\t")[:3] for line in listing] == [
        ["SI 2024", "2024", "sgb2_quote,nef_u15"],
        ["SI 2023", "2023", "sgb2_quote,nef_u15"],
    ]
    assert "Quartierscheck Musterstadt 2025 (2025)" in listing[0]  # used automatically
    with app.app_context():
        stored = {v.name: v.result for v in db.session.scalars(select(IndexVersion))}
    written = pd.read_csv(out, dtype={"area_code": str})
    assert written["class_label"].tolist() == [r["class_label"] for r in stored["SI 2024"]]
    compared = _run(runner, "index", "compare", "--kommune", "Musterstadt", "SI 2023", "SI 2024")
    changed = [line.split("\t")[0] for line in compared.output.splitlines()[:-1]]
    before = {r["area_code"]: r["class"] for r in stored["SI 2023"]}
    after = {r["area_code"]: r["class"] for r in stored["SI 2024"]}
    assert changed == sorted(c for c in before if before[c] != after[c])
    assert compared.output.endswith(f"{len(changed)} areas change class.\n")
    refused = _run(runner, "index", "delete", "--kommune", "Musterstadt", "SI 2024")
    assert refused.exit_code == 1 and "used by these surveys" in refused.output
    for token in ("musterstadt-2024", "musterstadt-2025"):
        used = _run(runner, "index", "use", "--campaign", token, "--version", "SI 2023")
        assert used.output == "SI 2023\n"
    with app.app_context():
        assert {c.index_version_id for c in db.session.scalars(select(Campaign))} == {
            db.session.scalar(select(IndexVersion.id).where(IndexVersion.name == "SI 2023"))
        }
    renamed = _run(runner, "index", "rename", "--kommune", "Musterstadt", "SI 2024", "Neu")
    assert renamed.exit_code == 0
    deleted = _run(runner, "index", "delete", "--kommune", "Musterstadt", "Neu")
    assert deleted.exit_code == 0 and "deleted" in deleted.output
    missing = _run(runner, "index", "delete", "--kommune", "Musterstadt", "Neu")
    assert missing.exit_code == 1 and "has no index version “Neu”" in missing.output


def test_reference_areas_standardise_over_the_chosen_areas_only(app, runner):
    with app.app_context():
        load_demo()
    args = ["--indicators", "sgb2_quote", "--year", "2023", "--areas", "1 a,2,3 a,4"]
    result = _run(runner, "indicators", "index", "--kommune", "Musterstadt", *args, "--save", "V")
    assert result.exit_code == 0, result.output
    with app.app_context():
        version = db.session.scalar(select(IndexVersion))
        assert version.params["reference_areas"] == ["1 a", "2", "3 a", "4"]
        assert [r["area_code"] for r in version.result] == ["1 a", "2", "3 a", "4"]
