"""Optional features name the extra that installs them when it is missing."""

from __future__ import annotations

import importlib
import sys
import types

import pytest
from typer.testing import CliRunner

from annales.cli import app
from annales.errors import AnnalesError
from annales.extras import require


@pytest.fixture
def missing(monkeypatch):
    """Make the named top-level packages unimportable, as in `pip install annales` without extras."""
    real = importlib.import_module
    gone: set[str] = set()

    def fake(name, package=None):
        if name.split(".")[0] in gone:
            raise ModuleNotFoundError(f"No module named '{name}'")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", fake)
    return gone


def test_extras_require_names_the_extra(missing):
    missing.add("psycopg")
    with pytest.raises(
        AnnalesError, match=r"\[E030\] A PostgreSQL store needs .*'psycopg'.*pip install 'annales\[postgres\]'"
    ):
        require("psycopg", "postgres", "A PostgreSQL store")
    assert require("json", "data", "x").dumps([]) == "[]"


def test_extras_postgres_store_without_psycopg(missing):
    from annales.store import Store

    missing.add("psycopg")
    with pytest.raises(AnnalesError, match=r"annales\[postgres\]"):
        Store.open("postgresql://nobody@127.0.0.1:1/none")


def test_extras_serve_without_the_web_extra_says_which_to_install(missing):
    missing.add("uvicorn")
    result = CliRunner().invoke(app, ["serve", "--db", "nothing.db"])
    assert result.exit_code == 2
    assert "annales[web]" in result.output


def test_extras_parquet_export_without_pyarrow(missing, tmp_path):
    from annales.store import Store
    from annales.store.export import export

    missing.add("pyarrow")
    with Store.open(str(tmp_path / "events.db")) as store, pytest.raises(AnnalesError, match=r"annales\[data\]"):
        export(store, tmp_path / "out.parquet", fmt="parquet")


def test_extras_learned_pipeline_without_onnxruntime_fails_at_start_up(missing):
    import annales

    missing.add("onnxruntime")
    with pytest.raises(
        AnnalesError,
        match=r"\[E030\] The trained trigger tagger \(--learned\) needs .*'onnxruntime'.*"
        r"pip install 'annales\[learned\]'",
    ):
        annales.Pipeline(learned=True)
    assert "triggers" not in annales.Pipeline().stage_names  # the default coder never needs it


def test_extras_evaluate_learned_without_the_runtime_says_which_extra_to_install(missing, tmp_path):
    missing.update({"onnxruntime", "tokenizers"})
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path), "--learned"])
    assert result.exit_code == 2
    assert "'onnxruntime'" in result.output and "pip install 'annales[learned]'" in result.output


def test_extras_learned_needs_tokenizers_too(missing, monkeypatch):
    from annales.learned.tagger import require_runtime

    monkeypatch.setitem(sys.modules, "onnxruntime", types.ModuleType("onnxruntime"))  # as if installed
    missing.add("tokenizers")
    with pytest.raises(AnnalesError, match=r"'tokenizers'.*annales\[learned\]"):
        require_runtime()


def test_extras_html_without_trafilatura_names_the_html_extra(missing, tmp_path):
    import annales
    from annales.readers import read_inputs

    missing.add("trafilatura")
    page = "<!doctype html><html><body><p>Police arrested 40 protesters in Nairobi on Monday.</p></body></html>"
    with pytest.raises(AnnalesError, match=r"\[E030\] Reading HTML pages needs .*pip install 'annales\[html\]'"):
        annales.code(page, html=True)
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (tmp_path / "story.txt").write_text("Police arrested 40 protesters in Nairobi on Monday.", encoding="utf-8")
    got = {type(a).__name__: a for a in read_inputs([str(tmp_path)])}
    assert got["ReadFailure"].error.code == "E030"  # one error row for the page; the text file is still read
    assert got["Article"].text.startswith("Police arrested")
