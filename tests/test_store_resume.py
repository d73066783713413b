"""Ingest killed at random moments (SIGKILL) and restarted ends with exactly the rows of an
uninterrupted run; a reader can query while ingest writes."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

from annales.store import Store
from tests.conftest import ROOT

TEMPLATES = [
    "Police in {city} arrested {n} protesters on {day}, officials said.",
    "Rebels attacked an army base near {city} on {day}, killing {n} soldiers, the military said.",
    "The government of {country} accused its neighbour of shelling border villages near {city}.",
    "Thousands of people marched in {city} on {day} to demand the release of {n} detained activists.",
    "The {adj} foreign minister met his counterpart in {city} on {day} to discuss trade and security.",
]
PLACES = [
    ("Nairobi", "Kenya", "Kenyan"),
    ("Bamako", "Mali", "Malian"),
    ("Kabul", "Afghanistan", "Afghan"),
    ("Tbilisi", "Georgia", "Georgian"),
    ("Caracas", "Venezuela", "Venezuelan"),
    ("Khartoum", "Sudan", "Sudanese"),
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


N = 100


def _corpus(path, n=N):
    rng = random.Random(11)
    rows = []
    for i in range(n):
        city, country, adj = rng.choice(PLACES)
        text = " ".join(
            t.format(city=city, country=country, adj=adj, n=rng.randint(2, 90), day=rng.choice(DAYS))
            for t in rng.sample(TEMPLATES, 3)
        )
        rows.append(
            {
                "id": f"doc{i}",
                "text": f"Report {i}\n\n{text}",
                "date": f"2023-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            }
        )
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")


def _ingest_cmd(src, db):
    return [sys.executable, "-m", "annales.cli", "ingest", str(src), "--db", str(db), "--workers", "1"]


def test_store_resume_after_sigkill_equals_uninterrupted_run(tmp_path):
    src = tmp_path / "feed.jsonl"
    _corpus(src)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    ref_db = tmp_path / "ref.db"
    subprocess.run(_ingest_cmd(src, ref_db), check=True, capture_output=True, env=env, cwd=ROOT, timeout=600)
    with Store.open(str(ref_db)) as store:
        reference = store.checksum()
        assert store.count("articles") == N

    db = tmp_path / "killed.db"
    rng = random.Random(5)
    counts = []
    last = 0
    for _ in range(5):
        proc = subprocess.Popen(
            _ingest_cmd(src, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT
        )
        # kill at a random moment once this run has written something: mid-ingest, never after it
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if db.exists():
                try:  # a reader queries while the ingest writes
                    with Store.open(str(db), migrate=False) as reader:
                        counts.append(reader.count("articles"))
                except Exception as exc:  # the schema may not exist yet in the first instants
                    assert "no such table" in str(exc), exc
                if counts and counts[-1] > last:
                    time.sleep(rng.uniform(0.0, 0.3))
                    break
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        last = counts[-1] if counts else 0
    with Store.open(str(db)) as store:
        assert store.count("articles") < N, "every kill came after the ingest had finished: nothing was tested"
    subprocess.run(_ingest_cmd(src, db), check=True, capture_output=True, env=env, cwd=ROOT, timeout=600)
    with Store.open(str(db)) as store:
        assert store.count("articles") == N
        assert store.checksum() == reference
    assert counts == sorted(counts), "the article count seen by a reader never goes down"
