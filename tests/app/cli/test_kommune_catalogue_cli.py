"""`flask indicators catalogue`: a Kommune's own entries from the shell, as on the web page."""

from tests.app.cli.test_areas_indicators import _fails, _ok


def test_add_and_list_own_entries_and_refuse_a_wrong_one(runner, survey):
    base = ["indicators", "catalogue", "--kommune", "Teststadt"]
    assert _ok(runner.invoke(args=base)) == ""
    added = _ok(runner.invoke(args=[*base, "--add", "spielflaeche", "--name", "Spielfläche je Kind",
                                    "--unit", "m²", "--direction", "lower"]))  # fmt: skip
    assert "spielflaeche" in added
    _fails(runner.invoke(args=[*base, "--add", "spielflaeche", "--name", "X", "--unit", "m²"]),
           "spielflaeche")  # fmt: skip
    _fails(runner.invoke(args=[*base, "--add", "ohne_einheit", "--name", "X"]))
    listed = _ok(runner.invoke(args=base)).splitlines()
    assert listed == ["spielflaeche\tSpielfläche je Kind\tm²\tlower_is_more_need\twohnen"]
