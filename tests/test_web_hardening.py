"""Hostile parameters and bodies on SQLite and PostgreSQL: NUL bytes and lone surrogates refused with 400,
LIKE wildcards taken literally, strict dates, codes and cursors; the token rule; security headers."""

from __future__ import annotations

import base64
import json
import uuid

import pytest
from fastapi.testclient import TestClient

from annales.store.ingest import ingest
from annales.web import create_app
from annales.web.docs import docs_policy
from annales.web.server import read_token

TEXT = "Police in Nairobi arrested 12 protesters on Monday, officials said. Malian soldiers attacked a rebel base near Gao on Tuesday."


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def client(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hardening")
    if request.param == "sqlite":
        url = str(tmp / "events.db")
    else:
        import psycopg

        base = request.getfixturevalue("postgres_url")
        name = "t_" + uuid.uuid4().hex[:10]
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        url = base.rsplit("/", 1)[0] + "/" + name
    src = tmp / "a.txt"
    src.write_text(TEXT)
    ingest([str(src)], url, date="2024-01-10")
    return TestClient(create_app(url, token="s3cret"), raise_server_exceptions=False)


def _error(r, status: int, code: str) -> dict:
    body = r.json()
    assert (r.status_code, body["ok"], body["status"], body["error"]["code"]) == (status, False, status, code), body
    return body


@pytest.mark.parametrize(
    "path",
    [
        "/api/events?actor=%00",
        "/api/events?text=a%00b",
        "/api/actors?name=%00",
        "/api/overview?place=%00",
        "/api/events/%00",
        "/api/articles/ab%00cd",
        "/api/clusters?type=%00",
    ],
)
def test_web_nul_in_urls_gets_400(client, path):
    assert "NUL" in _error(client.get(path), 400, "invalid_character")["error"]["message"]


@pytest.mark.parametrize("field", ["text", "title", "url", "source", "id", "date"])
@pytest.mark.parametrize("bad,what", [("a\u0000b", "NUL"), ("a\ud800b", "surrogate")])
def test_web_nul_and_surrogates_in_bodies_get_400(client, field, bad, what):
    body = {"text": TEXT, field: bad}
    raw = json.dumps(body)  # keeps \\u0000 and \\ud800 as JSON escapes, as a hostile client sends them
    for path in ("/api/code", "/api/articles"):
        r = client.post(
            path, content=raw, headers={"content-type": "application/json", "Authorization": "Bearer s3cret"}
        )
        message = _error(r, 400, "invalid_character")["error"]["message"]
        assert f"'{field}'" in message and what in message
    assert client.get("/api/stats").json()["data"]["totals"]["articles"] == 1  # nothing stored


def test_web_like_wildcards_are_literal(client):
    everything = client.get("/api/events").json()["total"]
    assert everything > 0
    for value in ("%", "_", "%%", "\\"):
        for name in ("actor", "recipient", "place", "text"):
            assert client.get("/api/events", params={name: value}).json()["total"] == 0, (name, value)
        assert client.get("/api/actors", params={"name": value}).json()["total"] == 0
    police = client.get("/api/events", params={"actor": "olic"}).json()  # a part of a name still matches
    assert police["total"] >= 1 and all("Police" in e["actor_name"] for e in police["data"])
    assert client.get("/api/events", params={"text": "12 protesters"}).json()["total"] >= 1


@pytest.mark.parametrize(
    "value", ["2020-12-17garbage", "2020-12-17T00:00", "20201217", "2020-W51-4", "2020-02-30", "2020-1-7", "١٢٣٤-01-01"]
)
def test_web_dates_are_strict(client, value):
    for path in ("/api/events", "/api/overview"):
        for name in ("since", "until"):
            message = _error(client.get(path, params={name: value}), 400, "E010")["error"]["message"]
            assert f"for '{name}': use YYYY-MM-DD" in message
    assert _error(client.post("/api/code", json={"text": TEXT, "date": value}), 400, "E010")


def test_web_good_dates_still_filter(client):
    assert client.get("/api/events", params={"since": "2024-01-01", "until": "2024-12-31"}).json()["total"] >= 1
    assert client.get("/api/events", params={"since": "2024-02-01"}).json()["total"] == 0


@pytest.mark.parametrize("offset", [str(2**63), str(2**64), "-1", "1e3", " 5", "1_0", "٣", "9" * 5000])
def test_web_out_of_range_cursors_get_400(client, offset):
    cursor = base64.urlsafe_b64encode(offset.encode()).decode()
    for path in ("/api/events", "/api/actors", "/api/clusters"):
        _error(client.get(path, params={"cursor": cursor}), 400, "invalid_cursor")


def test_web_a_cursor_past_the_end_is_an_empty_page(client):
    cursor = base64.urlsafe_b64encode(b"1000000").decode()
    body = client.get("/api/events", params={"cursor": cursor}).json()
    assert (body["ok"], body["data"], body["next"]) == (True, [], None)


@pytest.mark.parametrize(
    "params,status,code",
    [
        ({"type": "NOT_A_TYPE"}, 400, "E011"),
        ({"mode": "teleport"}, 400, "E011"),
        ({"modality": "perhaps"}, 400, "invalid_parameter"),
        ({"country": "A1B"}, 400, "invalid_parameter"),
        ({"actor": "x" * 201}, 400, "invalid_parameter"),
        ({"limit": str(2**64)}, 400, "invalid_parameter"),
        ({"limit": "1.5"}, 400, "invalid_parameter"),
    ],
)
def test_web_garbage_parameters_get_the_error_shape(client, params, status, code):
    _error(client.get("/api/events", params=params), status, code)


# Every kind of parameter the routes declare: refused with 400 in the error shape (never FastAPI's 422), the
# message naming the parameter, what it takes and (shortened) what was sent.
@pytest.mark.parametrize(
    "path,params,message",
    [
        ("/api/events", {"limit": "ten"}, "Invalid value 'ten' for 'limit': expected a whole number."),  # int
        ("/api/actors", {"limit": "0"}, "Invalid value '0' for 'limit': expected a number of at least 1."),
        ("/api/clusters", {"limit": "1001"}, "Invalid value '1001' for 'limit': expected a number of at most 1000."),
        (
            "/api/events",
            {"min_confidence": "high"},
            "Invalid value 'high' for 'min_confidence': expected a number.",
        ),  # float
        (
            "/api/overview",
            {"min_confidence": "1.5"},
            "Invalid value '1.5' for 'min_confidence': expected a number of at most 1.0.",
        ),
        (
            "/api/events",
            {"format": "xml"},
            "Invalid value 'xml' for 'format': expected one of 'json', 'csv' or 'jsonl'.",
        ),  # enum
        ("/api/events", {"level": "all"}, "Invalid value 'all' for 'level': expected one of 'report' or 'cluster'."),
        (
            "/api/actors",
            {"country": "Kenya"},
            "Invalid value 'Kenya' for 'country': expected a three-letter ISO 3166 country code, such as AFG.",
        ),  # pattern
        (
            "/api/events",
            {"text": "y" * 300},
            "Invalid value '" + "y" * 40 + "…' for 'text': expected at most 200 characters.",
        ),
    ],
)
def test_web_every_kind_of_invalid_parameter_gets_400_naming_it(client, path, params, message):
    got = _error(client.get(path, params=params), 400, "invalid_parameter")["error"]["message"]
    assert got == message + " See /docs for the parameters."


@pytest.mark.parametrize(
    "path,params",
    [
        ("/api/events", {"since": "2024-13-01"}),
        ("/api/overview", {"until": "soon"}),
        ("/api/events", {"until": "2024-01-01T00:00:00Z"}),
    ],
)
def test_web_invalid_dates_get_400_e010(client, path, params):  # date
    ((name, value),) = params.items()
    message = _error(client.get(path, params=params), 400, "E010")["error"]["message"]
    assert message == f"[E010] Invalid date '{value}' for '{name}': use YYYY-MM-DD (for example --date 2020-12-17)."


@pytest.mark.parametrize(
    "kwargs,message",
    [
        (
            {"params": {"with_text": "maybe"}, "json": {"text": TEXT}},  # bool
            "Invalid value 'maybe' for 'with_text': expected true or false. See /docs for the parameters.",
        ),
        (
            {"json": {"text": TEXT, "title": ["a", "list"]}},
            "Invalid body field 'title': expected a string, got '['a', 'list']'.",
        ),
        (
            {"json": [TEXT]},
            "The request body must be a JSON object with the article's fields (text or html, and optionally"
            " date, title, url, source, id).",
        ),
        (
            {"content": b'{"text": ', "headers": {"content-type": "application/json"}},
            "The request body is not valid JSON (Expecting value): send a JSON object with the article's fields (text or"
            " html, and optionally date, title, url, source, id).",
        ),
    ],
)
def test_web_invalid_bodies_and_flags_of_posts_get_400(client, kwargs, message):
    r = client.post("/api/code", **kwargs)
    code = "invalid_parameter" if "params" in kwargs else "invalid_body"
    assert _error(r, 400, code)["error"]["message"] == message


def test_web_openapi_documents_400_in_the_error_shape_and_no_422(client):
    spec = client.get("/openapi.json").json()
    text = json.dumps(spec)
    assert '"422"' not in text and "HTTPValidationError" not in text
    assert spec["paths"]["/api/events"]["get"]["responses"]["400"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"
    }
    assert spec["components"]["schemas"]["Error"]["required"] == ["ok", "error", "status"]
    levels = [p for p in spec["paths"]["/api/events"]["get"]["parameters"] if p["name"] == "level"]
    assert levels[0]["schema"]["enum"] == ["report", "cluster"]


def test_web_codes_are_checked_but_not_case_sensitive(client):
    assert client.get("/api/events", params={"type": "assault", "modality": "ASSERTED"}).status_code == 200
    _error(client.get("/api/clusters", params={"type": "NOPE"}), 400, "E011")


def test_web_token_rule_and_its_sources(client, tmp_path, monkeypatch):
    for header in ("Bearer s3cre", "Bearer s3cret ", "s3cret", "Bearer S3CRET", "Bearer sécret".encode()):
        _error(
            client.post("/api/articles", json={"text": TEXT}, headers={"Authorization": header}), 401, "unauthorized"
        )
    calls = []
    import hmac

    real = hmac.compare_digest
    monkeypatch.setattr(hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    client.post("/api/articles", json={"text": TEXT}, headers={"Authorization": "Bearer guess"})
    assert calls == [(b"Bearer guess", b"Bearer s3cret")]  # in constant time, once: the guard refused before the route
    token_file = tmp_path / "token"
    token_file.write_text("from-file\n")
    monkeypatch.setenv("ANNALES_TOKEN", "from-env")
    assert (read_token(None, str(token_file)), read_token(None), read_token("from-flag")) == (
        "from-file",
        "from-env",
        "from-flag",
    )
    (tmp_path / "empty").write_text("\n")
    with pytest.raises(ValueError, match="is empty"):
        read_token(None, str(tmp_path / "empty"))
    with pytest.raises(ValueError, match="Could not read the token file"):
        read_token(None, str(tmp_path / "missing"))


def test_web_cli_serve_takes_the_token_from_a_file(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from annales import cli
    from annales.web import server

    seen = {}
    monkeypatch.setattr(
        server, "serve", lambda app, host, port: seen.update(health=TestClient(app).get("/api/health").json())
    )
    token_file = tmp_path / "token"
    token_file.write_text("t0ken\n")
    result = CliRunner().invoke(cli.app, ["serve", "--db", str(tmp_path / "e.db"), "--token-file", str(token_file)])
    assert result.exit_code == 0, result.output
    assert seen["health"]["data"]["writable"] is True
    result = CliRunner().invoke(
        cli.app, ["serve", "--db", str(tmp_path / "e.db"), "--token-file", str(tmp_path / "no")]
    )
    assert result.exit_code == 2 and "Could not read the token file" in result.output


HEADERS = {"x-content-type-options": "nosniff", "referrer-policy": "no-referrer", "x-frame-options": "DENY"}


@pytest.mark.parametrize(
    "method,path,kwargs",
    [
        ("GET", "/api/health", {}),
        ("GET", "/api/events?format=csv", {}),
        ("GET", "/api/nowhere", {}),
        ("GET", "/api/events?limit=0", {}),
        ("GET", "/api/events?actor=%00", {}),
        ("GET", "/openapi.json", {}),
        ("POST", "/api/articles", {"json": {"text": "x"}}),
        ("GET", "/", {}),
        ("GET", "/docs", {}),
        ("POST", "/api/code", {"content": b"x" * 2_000_001, "headers": {"content-type": "application/json"}}),
    ],
)
def test_web_every_response_carries_the_security_headers(client, method, path, kwargs):
    r = client.request(method, path, **kwargs)
    assert {k: r.headers.get(k) for k in HEADERS} == HEADERS, (path, r.status_code)
    csp = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "'unsafe-inline'" not in csp.split("script-src")[-1].split(";")[0]


def test_web_docs_policy_allows_exactly_its_own_inline_script(client):
    r = client.get("/docs")
    assert r.status_code == 200 and "SwaggerUIBundle" in r.text
    assert r.headers["content-security-policy"] == docs_policy(r.text)
    assert docs_policy(r.text) != docs_policy(
        r.text.replace("deepLinking", "deepLinking2")
    )  # a changed script is not allowed
    assert client.get("/api/health").headers["content-security-policy"].startswith("default-src 'none'")


@pytest.mark.parametrize("path", ["/api/actors", "/api/clusters"])
def test_web_pages_cut_by_the_database_add_up_to_the_whole_list(client, path):
    whole = client.get(path, params={"limit": 1000}).json()
    assert whole["total"] == len(whole["data"]) >= 2
    paged, cursor = [], None
    for _ in range(whole["total"] + 1):  # bounded: one page per row at most
        page = client.get(path, params={"limit": 1, **({"cursor": cursor} if cursor else {})}).json()
        assert page["total"] == whole["total"]
        paged += page["data"]
        cursor = page["next"]
        if not cursor:
            break
    assert paged == whole["data"]


def test_web_a_worker_whose_server_is_gone_exits_quietly():
    """A coding worker whose parent closed the pipe (the server exited while the worker started) leaves with
    status 0 and no traceback in the server's log."""
    import subprocess
    import sys

    worker = subprocess.Popen(
        [sys.executable, "-m", "annales.web.worker", "json:dumps", "5"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    worker.stdout.close()  # the server is gone before the worker says it is ready
    _, err = worker.communicate(timeout=60)
    assert worker.returncode == 0
    assert b"Traceback" not in err and b"BrokenPipe" not in err, err.decode(errors="replace")
