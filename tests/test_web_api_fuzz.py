"""Property-based: no parameter value makes the API fail with a 5xx, and every answer has the shape."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annales.store.ingest import ingest
from annales.web import create_app

TEXT = "Police in Nairobi arrested 12 protesters on Monday. Rebels attacked a base near Gao on Tuesday."

junk = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(
        ["ASSAULT", "2020-01-01", "AFG", "-1", "0", "9999", "report", "cluster", "csv", "jsonl", "%", "'", "\\x00"]
    ),
)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("fuzz") / "e.db"
    src = db.parent / "a.txt"
    src.write_text(TEXT)
    ingest([str(src)], str(db), date="2024-01-10")
    return TestClient(create_app(str(db), token="t"), raise_server_exceptions=False)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    path=st.sampled_from(["/api/events", "/api/actors", "/api/clusters"]),
    params=st.dictionaries(
        st.sampled_from(
            [
                "actor",
                "recipient",
                "type",
                "mode",
                "country",
                "place",
                "since",
                "until",
                "modality",
                "text",
                "level",
                "limit",
                "cursor",
                "format",
                "name",
            ]
        ),
        junk,
        max_size=6,
    ),
)
def test_web_api_fuzz_reads_never_fail(client, path, params):
    r = client.get(path, params={k: v for k, v in params.items() if v is not None})
    assert r.status_code < 500 and r.status_code != 422, (path, params, r.text)  # a refused parameter is a 400
    if r.headers["content-type"].startswith("application/json"):
        body = r.json()
        assert body["ok"] is (r.status_code < 400)
        if not body["ok"]:
            assert set(body["error"]) == {"code", "message"} and body["status"] == r.status_code


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.one_of(
        st.dictionaries(
            st.sampled_from(["text", "html", "date", "title", "url", "id"]),
            st.one_of(st.none(), st.text(max_size=40), st.integers()),
            max_size=4,
        ),
        st.lists(st.integers(), max_size=3),
        st.text(max_size=20),
    )
)
def test_web_api_fuzz_code_never_fails(client, body):
    r = client.post("/api/code", json=body)
    assert r.status_code < 500 and r.status_code != 422, (body, r.text)
    assert r.json()["ok"] is (r.status_code < 400)
