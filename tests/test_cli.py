"""The command line as a user meets it: each failure said once with its reason, ingest's summary and exit
status, listings of a store, filters that refuse typos with a suggestion, export formats, table width."""

from __future__ import annotations

import json

import pytest
from typer.main import get_command
from typer.testing import CliRunner

from annales.cli import app
from tests.test_budget import SLOW_MARK, slow_stage  # noqa: F401 - the never-ending stage's fixture

GOOD = "Rebels attacked an army base near Gao on Monday, killing five soldiers."
NO_TERMINAL = {"COLUMNS": None, "LINES": None}


def invoke(*args, **kw):
    return CliRunner().invoke(app, [str(a) for a in args], env=NO_TERMINAL, **kw)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store from an ingest of one good article, one empty file and one missing path."""
    tmp = tmp_path_factory.mktemp("cli")
    (tmp / "in").mkdir()
    (tmp / "in" / "feed.jsonl").write_text(json.dumps({"id": "gao-1", "text": GOOD, "date": "2024-05-01"}) + "\n")
    (tmp / "in" / "empty.txt").write_text("")
    db = tmp / "events.db"
    result = invoke("ingest", tmp / "in", tmp / "nothere.txt", "--db", db, "--workers", "1")
    return {"tmp": tmp, "db": db, "ingest": result}


def test_cli_ingest_summary_lists_failures_by_reason_and_exits_1(store):
    r, tmp = store["ingest"], store["tmp"]
    assert r.exit_code == 1, r.output
    lines = r.stderr.splitlines()
    assert "2 input(s) failed — by reason: E002: 1, E001: 1" in lines
    assert (
        f"  [E001] Could not read '{tmp / 'nothere.txt'}': file not found. Check the path, or pass '-' to read "
        "standard input." in lines
    )
    assert r.stderr.count("nothere.txt") == 1  # said once
    assert f"  All failures: 'annales errors --db {store['db']}'." in lines


def test_cli_ingest_keep_going_exits_0_when_something_was_coded(store, tmp_path):
    r = invoke("ingest", store["tmp"] / "in", "--db", store["db"], "--workers", "1", "--keep-going")
    assert r.exit_code == 0, r.output
    assert "1 input(s) failed — by reason: E002: 1" in r.stderr.splitlines()
    r = invoke("ingest", tmp_path / "nothing-here.txt", "--db", tmp_path / "x.db", "--keep-going")
    assert r.exit_code == 1  # nothing at all was coded: keep-going does not hide that


def test_cli_errors_lists_every_stored_failure(store):
    r = invoke("errors", "--db", store["db"], "--format", "json")
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert [(row["path"], row["code"]) for row in rows] == [
        (str(store["tmp"] / "in" / "empty.txt"), "E002"),
        (str(store["tmp"] / "nothere.txt"), "E001"),
    ]
    r = invoke("errors", "--db", store["db"], "--code", "e001", "--format", "jsonl")
    assert [json.loads(line)["code"] for line in r.stdout.splitlines()] == ["E001"]


def test_cli_articles_lists_the_stored_articles(store):
    r = invoke("articles", "--db", store["db"], "--format", "json")
    assert r.exit_code == 0, r.output
    [row] = json.loads(r.stdout)
    assert (row["id"], row["date"], row["events"], row["warnings"]) == ("gao-1", "2024-05-01", 1, "")
    r = invoke("articles", "--db", store["db"], "--undated", "--format", "json")
    assert json.loads(r.stdout) == []


@pytest.mark.parametrize("command", [["events"], ["stats"], ["errors"], ["articles"], ["export", "out.csv"], ["serve"]])
def test_cli_read_commands_refuse_a_store_that_does_not_exist(command, tmp_path):
    typo = tmp_path / "typo.db"
    r = invoke(*command, "--db", typo)
    assert r.exit_code == 2
    assert r.stderr == (
        f"Error: [E032] No store at '{typo}': nothing has been ingested there. Check the --db path, "
        f"or create the store with 'annales ingest FILES --db {typo}'.\n"
    )
    assert not typo.exists() and r.stdout == ""


@pytest.mark.parametrize(
    "option, value, suggestion",
    [
        ("--type", "ASSULT", "Did you mean 'ASSAULT' or 'CONSULT'?"),
        ("--mode", "riots", "Did you mean 'riot'?"),
        ("--sector", "MILL", "Did you mean 'MIL'?"),
        ("--country", "Sudn", "Did you mean 'Sudan' (SDN)?"),
        ("--modality", "plannned", "Did you mean 'planned'?"),
    ],
)
def test_cli_unknown_filter_values_are_errors_with_a_suggestion(store, option, value, suggestion):
    r = invoke("events", "--db", store["db"], option, value)
    assert r.exit_code == 2
    assert "Unknown " in r.stderr and f"'{value}' for {option}. {suggestion}" in r.stderr


@pytest.mark.parametrize("country", ["Mali", "mali", "MLI", "ML"])
def test_cli_country_names_and_codes_map_to_iso3(store, country):
    r = invoke("events", "--db", store["db"], "--country", country, "--format", "json")
    assert r.exit_code == 0, r.output
    assert [(e["type"], e["place_country"]) for e in json.loads(r.stdout)] == [("ASSAULT", "MLI")]


def test_cli_export_format_comes_from_the_extension(store, tmp_path):
    pytest.importorskip("pyarrow")
    out = tmp_path / "out.parquet"
    r = invoke("export", out, "--db", store["db"])
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:4] == b"PAR1"
    r = invoke("export", tmp_path / "x.parquet", "--db", store["db"], "--format", "csv")
    assert r.exit_code == 2 and "--format csv disagrees with its extension '.parquet'" in r.stderr
    assert not (tmp_path / "x.parquet").exists()
    r = invoke("export", tmp_path / "x.dat", "--db", store["db"])
    assert r.exit_code == 2 and "[E034] Cannot tell the export format of" in r.stderr


def test_cli_tables_are_not_cut_when_piped(store):
    """With no terminal the table is as wide as it needs; --width sets it."""
    r = invoke("errors", "--db", store["db"])
    message = (
        f"[E001] Could not read '{store['tmp'] / 'nothere.txt'}': file not found. Check the path, or pass '-' "
        "to read standard input."
    )
    assert any(message in line for line in r.stdout.splitlines()), r.stdout
    r = invoke("errors", "--db", store["db"], "--width", "100")
    assert {len(line) for line in r.stdout.splitlines()} == {100}


def test_cli_a_missing_file_is_reported_once(tmp_path):
    r = invoke("code", tmp_path / "nothere.txt")
    assert r.exit_code == 1
    assert r.stderr.count("nothere.txt") == 1 and r.stdout == ""


def test_cli_code_output_names_its_input_and_json_is_always_a_list(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.jsonl"
    a.write_text(GOOD)
    b.write_text(json.dumps({"text": GOOD.replace("Gao", "Timbuktu"), "date": "Wed, 01 May 2024 10:00:00 GMT"}) + "\n")
    r = invoke("code", a, b, "--format", "jsonl", "--date", "2024-05-02")
    docs = [json.loads(line) for line in r.stdout.splitlines()]
    assert [d["input"] for d in docs] == [str(a), f"{b}:1"]
    # the RSS-style date of the JSON Lines row is read, not refused
    assert [d["article"]["date"] for d in docs] == ["2024-05-02", "2024-05-01"]
    r = invoke("code", a, "--format", "json")
    docs = json.loads(r.stdout)
    assert isinstance(docs, list) and [d["input"] for d in docs] == [str(a)]


def test_cli_table_explains_pub_dates(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("Police arrested twenty protesters in Tbilisi, officials said.")
    r = invoke("code", a, "--date", "2024-12-03")
    assert "2024-12-03 pub" in r.stdout  # the publication day: the sentence gives no date of its own
    assert "'pub' = no date in the sentence, the article's publication day is used" in " ".join(r.stdout.split())


def test_cli_undated_input_gets_a_warning(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text(GOOD)
    r = invoke("code", a, "--format", "jsonl")
    assert [w["code"] for w in json.loads(r.stdout)["warnings"]] == ["W002"]
    assert f"Warning: [W002] '{a}' has no publication date" in r.stderr


def _options(command, path: str):
    """(command path, parameter) for every command under a (typer) click group."""
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from _options(sub, f"{path} {name}")
        return
    for param in command.params:
        yield path, param


def test_cli_every_option_and_argument_has_help_text():
    params = list(_options(get_command(app), "annales"))
    assert len(params) > 60  # every command's options were walked
    missing = [
        f"{path} {param.name}"
        for path, param in params
        if param.name != "help" and not (getattr(param, "help", None) or "").strip()
    ]
    assert missing == []


@pytest.mark.parametrize("workers", ["1", "2"])
def test_cli_ingest_time_limit_stores_the_neighbours_of_an_article_over_it(slow_stage, tmp_path, workers):  # noqa: F811
    """`annales ingest --time-limit`: the article still coding after it (a stage that never ends on it) gets its
    E049 error row, the rows around it are stored, and the exit status says an input failed."""
    feed = tmp_path / "feed.jsonl"
    rows = [
        {"id": "before", "text": "Police arrested 12 protesters in Nairobi on Monday.", "date": "2024-06-12"},
        {"id": "slow", "text": f"{SLOW_MARK}: rebels attacked Gao on Monday.", "date": "2024-06-12"},
        {"id": "after", "text": GOOD, "date": "2024-06-12"},
    ]
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = tmp_path / "events.db"
    r = invoke("ingest", feed, "--db", db, "--workers", workers, "--time-limit", "1.5")
    assert r.exit_code == 1, r.output
    assert "1 input(s) failed — by reason: E049: 1" in r.stderr.splitlines()
    assert (
        f"  [E049] Could not code '{feed}:2' within its time limit of 1.5 s: stopped in stage 'slow' after 1."
        in r.stderr
    )
    errors = json.loads(invoke("errors", "--db", db, "--format", "json").stdout)
    assert [(e["path"], e["code"]) for e in errors] == [(f"{feed}:2", "E049")]
    stored = json.loads(invoke("articles", "--db", db, "--format", "json").stdout)
    assert sorted((a["id"], a["events"]) for a in stored) == [("after", 1), ("before", 1)]


def test_cli_ingest_refuses_a_bad_time_limit(tmp_path):
    r = invoke("ingest", tmp_path, "--db", tmp_path / "e.db", "--time-limit", "-1")
    assert r.exit_code == 2
    assert "[E050] Invalid --time-limit '-1.0': give the seconds one article may take" in r.stderr
    assert not (tmp_path / "e.db").exists()


COUNTED = [  # (text, publication date): events dated to the day, the month, the year, and by the story's day
    ("Rebels attacked an army base near Gao on Monday, killing five soldiers.", "2024-05-01"),
    ("Police arrested 40 protesters in Nairobi in March.", "2024-05-01"),
    ("Soldiers shelled the town of Kidal in 2023.", "2024-05-01"),
    ("Thousands of protesters marched in Bamako against the junta.", "2024-05-01"),
]


@pytest.fixture(scope="module")
def counted(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("counts")
    feed = tmp / "feed.jsonl"
    feed.write_text(
        "".join(json.dumps({"id": f"c{i}", "text": t, "date": d}) + "\n" for i, (t, d) in enumerate(COUNTED))
    )
    r = invoke("ingest", feed, "--db", tmp / "events.db", "--workers", "1")
    assert r.exit_code == 0, r.output
    return tmp / "events.db"


def test_cli_counts_by_week_count_each_event_once(counted):
    r = invoke("counts", "--db", counted, "--by", "week", "--format", "json")
    assert r.exit_code == 0, r.output
    rows = {row["period"]: row["events"] for row in json.loads(r.stdout)}
    # Monday 29 April and the story's day (1 May) are ISO week 18; March and 2023 have rows of their own
    assert rows == {"2023 (year only)": 1, "2024-03 (month only)": 1, "2024-W18": 2}
    events = json.loads(invoke("events", "--db", counted, "--format", "json").stdout)
    assert sum(rows.values()) == len(events) == 4
    table = invoke("counts", "--db", counted)  # --by week is the default
    assert "2024-03 (month only)" in table.stdout and "4 events in all, each counted once" in table.stderr
    r = invoke("counts", "--db", counted, "--by", "month", "--type", "ASSAULT", "--format", "json")
    assert {row["period"]: row["events"] for row in json.loads(r.stdout)} == {"2023 (year only)": 1, "2024-04": 1}


def test_cli_counts_refuse_an_unknown_period_and_filter_value(counted):
    r = invoke("counts", "--db", counted, "--by", "fortnight")
    assert r.exit_code == 2 and "[E058] Invalid --by 'fortnight': use week, month or year" in r.stderr
    r = invoke("counts", "--db", counted, "--type", "ASSULT")
    assert r.exit_code == 2 and "Did you mean 'ASSAULT'" in r.stderr


def test_cli_events_show_each_dates_precision_and_source(counted):
    r = invoke("events", "--db", counted, "--format", "json")
    got = {(e["date"], e["date_precision"], e["date_source"]) for e in json.loads(r.stdout)}
    assert got == {
        ("2024-04-29", "day", "text"),
        ("2024-03", "month", "text"),
        ("2023", "year", "text"),
        ("2024-05-01", "day", "publication"),
    }
    table = invoke("events", "--db", counted, "--width", "200").stdout
    assert "date_precision" in table and "publication" in table


def test_cli_events_and_counts_filter_by_a_party_in_either_role(tmp_path):
    from tests.chart_store import Spec, write_store

    db = tmp_path / "events.db"
    specs = [
        Spec("CONSULT", "Ukraine", "Poland", "2024-04-02"),
        Spec("AID", "Poland", "Ukraine", "2024-04-18"),
        Spec("ACCUSE", "Russia", "Moldova", "2024-04-19"),  # Moldova is only ever a recipient
    ]
    write_store(str(db), [("Talks", "2024-04-20", specs)])
    r = invoke("events", "--db", db, "--party", "Moldova", "--format", "json")
    assert r.exit_code == 0, r.output
    assert [(e["actor_name"], e["recipient_name"]) for e in json.loads(r.stdout)] == [("Russia", "Moldova")]
    r = invoke("counts", "--db", db, "--party", "Poland", "--by", "month", "--format", "json")
    assert r.exit_code == 0, r.output
    assert {row["period"]: row["events"] for row in json.loads(r.stdout)} == {"2024-04": 2}


def test_cli_code_learned_adds_the_trigger_taggers_events(tmp_path):
    """`annales code --learned` adds what the trained tagger reads and the rules do not ("haggled over the text
    of the ceasefire"); it runs with the local engine only, and says so for Ray."""
    pytest.importorskip("onnxruntime")
    a = tmp_path / "a.txt"
    a.write_text("The two delegations haggled over the text of the ceasefire late into the night.\n")
    sources = []
    for flag in ([], ["--learned"]):
        r = invoke("code", a, *flag, "--min-confidence", "0", "--format", "json", "--date", "2024-03-01")
        sources.append([e["why"].split(":")[0] for e in json.loads(r.stdout)[0]["events"]])
    assert "trigger model" not in sources[0] and "trigger model" in sources[1], sources
    r = invoke("code", a, "--learned", "--engine", "ray")
    assert r.exit_code == 2 and "local engine only" in " ".join(r.output.replace("│", " ").split()), r.output
