"""The README's "Where things are" matches the folders git tracks."""

from __future__ import annotations

import pytest

from tests.support.readme_map import folders_of, listed_folders, map_block
from tests.support.tree import REPO, tracked_files

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_listed_folder_is_tracked():
    assert set(listed_folders(map_block(README))) - folders_of(tracked_files()) == set()


def test_every_folder_with_python_files_is_listed():
    assert folders_of(tracked_files(), ".py") - set(listed_folders(map_block(README))) == set()


def test_no_folder_is_listed_twice():
    folders = listed_folders(map_block(README))
    assert len(folders) == len(set(folders))


def test_siblings_on_one_line_belong_to_the_same_parent():
    assert listed_folders(["tests/", "  app/", "    api/ survey/  features", "  js/"]) == [
        "tests",
        "tests/app",
        "tests/app/api",
        "tests/app/survey",
        "tests/js",
    ]


@pytest.mark.parametrize("line", ["   core/  odd indent", "  core/  no parent", "app.py  a file"])
def test_a_malformed_map_is_refused(line):
    with pytest.raises(ValueError):
        listed_folders([line])


def test_a_folder_missing_from_the_map_is_found():
    listed = set(listed_folders(["app/", "  core/"]))
    tracked = folders_of(["app/__init__.py", "app/core/config.py", "app/survey/views.py"], ".py")
    assert tracked - listed == {"app/survey"}
