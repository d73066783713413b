from __future__ import annotations

from pathlib import Path

import pytest

import annales

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def code():
    """annales.code, returning the contract's dict."""
    def _code(text: str, date: str | None = "2024-06-12", **kw) -> dict:
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
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not installed")
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
    subprocess.run(as_user + [initdb, "-D", str(data), "-U", "annales", "--auth=trust", "-E", "UTF8"],
                   check=True, capture_output=True)
    subprocess.run(as_user + [pg_ctl, "-D", str(data), "-o", f"-p {port} -k {sock} -c listen_addresses=127.0.0.1",
                              "-l", str(base / "log"), "-w", "start"], check=True, capture_output=True)
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
