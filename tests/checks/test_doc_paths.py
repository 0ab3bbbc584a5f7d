"""README, docs, bench/README.md and SECURITY.md name only paths that exist."""

from __future__ import annotations

from tests.support.doc_paths import broken_imports, broken_names, missing_paths, named_paths
from tests.support.tree import REPO

DOCUMENTS = sorted(
    [REPO / "README.md", REPO / "bench" / "README.md", REPO / "SECURITY.md"]
    + list((REPO / "docs").glob("*.md"))
)


def test_every_named_path_exists():
    assert missing_paths(DOCUMENTS, REPO) == {}


def test_the_documents_exist():
    assert all(document.exists() for document in DOCUMENTS)
    assert len(DOCUMENTS) >= 8


def test_a_stale_path_is_found(tmp_path):
    (tmp_path / "app" / "core").mkdir(parents=True)
    (tmp_path / "README.md").write_text(
        "`app/core/` and `tests/app/test_deployment.py::test_x` and [cli](docs/cli.md)",
        encoding="utf-8",
    )
    assert missing_paths([tmp_path / "README.md"], tmp_path) == {
        "README.md": ["docs/cli.md", "tests/app/test_deployment.py"]
    }


def test_routes_and_placeholders_are_not_paths():
    text = "`/s/<token>` `translations/<lang>/x.po` `app/*.py` `python tools/i18n.py NEW.py` `x.py`"
    assert named_paths(text) == set()


def test_the_python_examples_import_what_exists():
    assert broken_imports(DOCUMENTS, REPO) == []


def test_a_stale_import_is_found(tmp_path):
    (tmp_path / "cli.md").write_text(
        "```python\nfrom app.services.areas import compute_index\nimport analysis.charts\n```\n",
        encoding="utf-8",
    )
    assert broken_imports([tmp_path / "cli.md"], tmp_path) == [
        "cli.md: from app.services.areas import compute_index",
        "cli.md: import analysis.charts",
    ]


def test_every_named_module_and_function_exists():
    assert broken_names(DOCUMENTS, REPO) == []


def test_a_stale_dotted_name_is_found(tmp_path):
    (tmp_path / "a.md").write_text(
        "`app.services.queries.COUNTED`, `analysis.figures.maps.median_bins`, `analysis.py`, "
        "`app.planning.services`",
        encoding="utf-8",
    )
    assert broken_names([tmp_path / "a.md"], tmp_path) == [
        "a.md: analysis.figures.maps.median_bins",
        "a.md: app.planning.services",
    ]
