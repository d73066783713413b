from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import annales

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
TESTS_README = Path(__file__).resolve().parent / "README.md"


def in_ci() -> bool:
    """CI sets CI=true: there, nothing the tests need may be missing."""
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def missing_dependency(what: str) -> None:
    """A test group cannot run because `what` (which says how to install it) is missing: a failure in CI,
    a skip with that reason elsewhere."""
    if in_ci():
        pytest.fail(f"{what} [CI=true: a missing dependency fails instead of skipping]")
    pytest.skip(what)


# --- every skip is said, and in CI only the skips tests/README.md allows pass ----------------------------

_SKIPS: dict[str, int] = {}


def _skip_reason(report) -> str | None:
    if not report.skipped or hasattr(report, "wasxfail"):
        return None
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


def pytest_runtest_logreport(report):
    reason = _skip_reason(report)
    if reason and report.when in ("setup", "call"):
        _SKIPS[reason] = _SKIPS.get(reason, 0) + 1


def pytest_collectreport(report):
    reason = _skip_reason(report)
    if reason:  # a whole module skipped (pytest.importorskip)
        _SKIPS[reason] = _SKIPS.get(reason, 0) + 1


def allowed_ci_skips() -> list[str]:
    """The skip reasons tests/README.md lists under 'Skips allowed in CI' (each a `backticked` prefix)."""
    text = TESTS_README.read_text(encoding="utf-8") if TESTS_README.exists() else ""
    section = (
        text.split("## Skips allowed in CI", 1)[1].split("\n## ", 1)[0] if "## Skips allowed in CI" in text else ""
    )
    return re.findall(r"^- `([^`]+)`", section, flags=re.M)


def _disallowed_skips() -> list[str]:
    allowed = allowed_ci_skips()
    return [r for r in _SKIPS if not any(r.startswith(a) for a in allowed)]


def pytest_sessionfinish(session, exitstatus):
    if in_ci() and _disallowed_skips() and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    for reason, n in sorted(_SKIPS.items()):
        terminalreporter.write_line(f"not run ({n} test{'s' if n > 1 else ''}): {reason}")
    if in_ci():
        for reason in _disallowed_skips():
            terminalreporter.write_line(
                f"CI FAILURE: skipped, and not a platform limit listed in tests/README.md: {reason}", red=True
            )


@pytest.fixture(scope="session")
def code():
    """annales.code, returning the contract's dict, with every event the stages found: these tests pin what
    the rules read (the event verifier's filtering is tested in test_learned.py and, end to end with the
    default threshold, by the answer keys of test_articles.py)."""

    def _code(text: str, date: str | None = "2024-06-12", **kw) -> dict:
        kw.setdefault("min_confidence", 0)
        return annales.code(text, date=date, **kw).to_dict()

    return _code


def find_events(doc: dict, type_: str | None = None, actor: str | None = None, recipient: str | None = None):
    out = []
    for e in doc["events"]:
        if type_ and e["type"] != type_:
            continue
        if actor and not (e["actor"] and actor.lower() in e["actor"]["name"].lower()):
            continue
        if recipient and not (e["recipient"] and recipient.lower() in e["recipient"]["name"].lower()):
            continue
        out.append(e)
    return out


def _pg_bin(name: str) -> str | None:
    import glob
    import shutil

    found = shutil.which(name)
    if found:
        return found
    hits = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return hits[-1] if hits else None


@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory):
    """A throwaway PostgreSQL server started with initdb/pg_ctl for this test session."""
    import os
    import pwd
    import socket
    import subprocess

    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        missing_dependency(
            "PostgreSQL tests: the server binaries initdb and pg_ctl are not installed "
            "(apt-get install postgresql; .ci/run does it)"
        )
    import shutil
    import tempfile
    from pathlib import Path

    # not under pytest's tmp tree: that is private to root, and the server runs as another user
    base = Path(tempfile.mkdtemp(prefix="annales-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        user = "postgres" if _user_exists("postgres") else "nobody"
        pw = pwd.getpwnam(user)
        os.chown(base, pw.pw_uid, pw.pw_gid)
        os.chown(sock, pw.pw_uid, pw.pw_gid)
        as_user = ["runuser", "-u", user, "--"]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    subprocess.run(
        as_user + [initdb, "-D", str(data), "-U", "annales", "--auth=trust", "-E", "UTF8"],
        check=True,
        capture_output=True,
    )
    subprocess.run(
        as_user
        + [
            pg_ctl,
            "-D",
            str(data),
            "-o",
            f"-p {port} -k {sock} -c listen_addresses=127.0.0.1",
            "-l",
            str(base / "log"),
            "-w",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql://annales@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(as_user + [pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


def _user_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """A new, empty store on each database: a SQLite file, then a fresh PostgreSQL database on the session's
    throwaway server."""
    if request.param == "sqlite":
        return str(tmp_path / "events.db")
    import uuid

    base = request.getfixturevalue("postgres_url")
    import psycopg

    name = "t_" + uuid.uuid4().hex[:10]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return base.rsplit("/", 1)[0] + "/" + name
