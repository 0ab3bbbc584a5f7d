"""``flask analysis index``: the social index of a file, without any database."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from analysis.readers.indicators import read_table
from tests.support.app import ROOT
from tests.support.data import SHARED, shared_data

BERLIN = SHARED / "berlin"
MSS = BERLIN / "mss_2021_index_indikatoren.csv"
BERLIN_ARGS = [
    "--id", "PLR_ID", "--indicators", "S1,S3,S4", "--population", "EW",
    "--min-population", "300", "--key-width", "8",
]  # fmt: skip


def _flask(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "QK_DATABASE_URL": f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'qk.sqlite3'}",
        "QK_SECRET_KEY": "test",
        "LANG": "C.UTF-8",
        "LANGUAGE": "en",
    }
    flask = Path(sys.executable).with_name("flask")
    return subprocess.run(
        [str(flask), "--app", "wsgi", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_berlin_status_index_from_the_file_alone(tmp_path):
    out = tmp_path / "index.csv"
    done = _flask("analysis", "index", str(MSS), "-o", str(out), *BERLIN_ARGS, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "536 areas in the index, 6 excluded" in done.stdout
    assert "hoch 75, mittel 366, niedrig 46, sehr niedrig 49" in done.stdout
    assert not (tmp_path / "no").exists()  # the database was never touched

    table = pd.read_csv(out, dtype={"PLR_ID": str}, encoding="utf-8-sig", keep_default_na=False)
    assert len(table) == 542
    assert list(table.columns) == [
        "PLR_ID", "z_S1", "z_S3", "z_S4", "sum", "index", "class", "class_label",
        "excluded_reason",
    ]  # fmt: skip
    official = read_table(shared_data("berlin", "mss_2021_indizes.csv"), id_column="PLR_ID")
    merged = table.merge(official[["PLR_ID", "SI_N"]], on="PLR_ID", validate="1:1")
    included = merged[merged["excluded_reason"] == ""]
    assert len(included) == 536
    agreement = (included["class"].astype(float) == included["SI_N"]).mean()
    assert agreement >= 0.98
    excluded = table.set_index("PLR_ID")["excluded_reason"]
    assert excluded["03300515"] == "population 38 below 300"
    assert excluded["10100205"] == "missing S1, S3, S4"

    params = json.loads((tmp_path / "index.params.json").read_text(encoding="utf-8"))
    assert params["method"] == "z-sum-z" and params["indicators"] == ["S1", "S3", "S4"]
    assert params["thresholds"] == [-1.0, 1.0, 1.5] and params["min_population"] == 300
    assert params["n_included"] == 536


def _small_table(tmp_path: Path) -> Path:
    path = tmp_path / "sozialraeume.csv"
    path.write_text(
        "Gebiet;SGB2;NEF;Spielflaeche;EW\n"
        "1 a;10,5;20;3,0;4000\n"
        "1 b;4,0;8;9,5;3000\n"
        "2;15,0;30;1,0;5200\n"
        "3;7,5;-9999;4,0;2500\n"
        "4;6,0;12;6,0;120\n"
        "5;9,0;18;2,5;4100\n",
        encoding="cp1252",
    )
    return path


def test_options_weights_directions_quantiles_and_excel(file_runner, tmp_path):
    out = tmp_path / "out.csv"
    options = shlex.split(
        "--id Gebiet --indicators SGB2,Spielflaeche --weights 2,1 --reverse Spielflaeche "
        "--population EW --min-population 300 --method minmax --classes quantile "
        "--quantiles 2 --labels niedrig,hoch --excel"
    )
    path = _small_table(tmp_path)
    result = file_runner.invoke(args=["analysis", "index", str(path), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    table = pd.read_csv(out, sep=";", decimal=",", dtype={"Gebiet": str}, encoding="utf-8-sig")
    table = table.set_index("Gebiet")
    assert table.loc["4", "excluded_reason"] == "population 120 below 300"
    # Area 2 has the most benefit receipt and the least play space: 100 = most need.
    assert table.loc["2", "index"] == pytest.approx(100.0)
    assert table.loc["1 b", "index"] == pytest.approx(0.0)
    assert table.loc["2", "class_label"] == "hoch" and table.loc["1 b", "class_label"] == "niedrig"
    params = json.loads(out.with_name("out.params.json").read_text(encoding="utf-8"))
    assert params["weights"] == {"SGB2": 2.0, "Spielflaeche": 1.0}
    assert params["directions"] == {"SGB2": 1, "Spielflaeche": -1}
    assert params["method"] == "minmax" and params["classes"] == "quantile"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--id", "Gebiet", "--indicators", "SGB2,XYZ"], "the table has no column 'XYZ'"),
        (["--id", "Kreis", "--indicators", "SGB2"], "there is no column 'Kreis'; the columns"),
        (["--id", "Gebiet", "--indicators", "SGB2", "--weights", "1,x"], "--weights takes"),
        (["--id", "Gebiet", "--indicators", "SGB2,NEF", "--weights", "1"], "one value per"),
        (["--id", "Gebiet", "--indicators", "SGB2", "--thresholds=1,-1"], "strictly increasing"),
        (["--id", "Gebiet", "--indicators", "SGB2", "--labels", "a,b"], "sequence of 4 names"),
        (["--id", "Gebiet", "--indicators", "SGB2", "--min-population", "300"], "--population"),
        (["--id", "Gebiet", "--indicators", "SGB2", "--reverse", "NEF"], "not among"),
        (["--id", "Gebiet", "--indicators", " , "], "at least one indicator"),
    ],
)
def test_user_errors_are_one_line(file_runner, tmp_path, args, message):
    out = tmp_path / "out.csv"
    path = _small_table(tmp_path)
    result = file_runner.invoke(args=["analysis", "index", str(path), "-o", str(out), *args])
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert not out.exists()


def test_bad_values_are_named_and_left_empty_missing_files_named(file_runner, tmp_path):
    """The file is read as the import reads it: one bad cell is named, never stops it."""
    path = tmp_path / "bad.csv"
    path.write_text("id,SGB2\n1,3.5\n2,viel\n3,4\n4,6\n", encoding="utf-8")
    out = tmp_path / "o.csv"
    result = file_runner.invoke(
        args=["analysis", "index", str(path), "-o", str(out), "--id", "id",
              "--indicators", "SGB2"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Column SGB2: 1 cell is no number and is left empty" in result.output
    assert "row 3: 'viel'" in result.output and "3 areas in the index, 1 excluded" in result.output
    table = pd.read_csv(out, dtype={"id": str}, keep_default_na=False).set_index("id")
    assert table.loc["2", "excluded_reason"] == "missing SGB2"

    result = file_runner.invoke(
        args=["analysis", "index", str(tmp_path / "nix.csv"), "-o", str(tmp_path / "o.csv"),
              "--id", "id", "--indicators", "SGB2"]
    )  # fmt: skip
    assert result.exit_code == 1 and "nix.csv" in result.output
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit


def test_output_folder_must_exist(file_runner, tmp_path):
    result = file_runner.invoke(
        args=["analysis", "index", str(_small_table(tmp_path)), "-o",
              str(tmp_path / "nowhere" / "o.csv"), "--id", "Gebiet", "--indicators", "SGB2"]
    )  # fmt: skip
    assert result.exit_code == 1 and "does not exist" in result.output


def test_own_no_value_markers(file_runner, tmp_path):
    path = tmp_path / "na.csv"
    path.write_text("id;A;B\n1;1,5;n.v.\n2;2;3\n3;4;5\n4;7;1\n", encoding="utf-8")
    args = ["analysis", "index", str(path), "-o", str(tmp_path / "o.csv"), "--id", "id"]
    result = file_runner.invoke(args=[*args, "--indicators", "A,B"])
    assert result.exit_code == 0 and "Column B: 1 cell is no number" in result.output
    assert "row 2: 'n.v.'" in result.output
    result = file_runner.invoke(args=[*args, "--indicators", "A,B", "--na-values", "-9999,n.v."])
    assert result.exit_code == 0, result.output
    assert "3 areas in the index, 1 excluded" in result.output and "no number" not in result.output
    table = pd.read_csv(tmp_path / "o.csv", dtype={"id": str}, keep_default_na=False)
    assert table.set_index("id").loc["1", "excluded_reason"] == "missing B"
