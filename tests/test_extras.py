"""Optional features name the extra that installs them when it is missing."""
from __future__ import annotations

import importlib

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
    with pytest.raises(AnnalesError, match=r"\[E030\] A PostgreSQL store needs .*'psycopg'.*pip install 'annales\[postgres\]'"):
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
