"""Every error and warning annales reports, each with a code and one message template.

Library code raises `AnnalesError`; only the CLI prints. Codes are stable: users grep logs for them.
"""

from __future__ import annotations


class Errors:
    E001 = "Could not read '{path}': file not found. Check the path, or pass '-' to read standard input."
    E002 = "Could not read '{path}': it is empty. Remove it from the input or give it some text."
    E003 = "Could not read '{path}': it looks like a binary file ({detail}), not text or HTML. Pass .txt, .html or .jsonl files."
    E004 = "Could not read '{path}': HTML page with no article text (trafilatura found no main content). Pass the article page, not an index or a blank page."
    E005 = "Could not read '{path}': the article is {size:,} characters, over the limit of {limit:,}. Split it, or raise the limit with --max-chars."
    E006 = "Could not code '{path}': the text looks like '{language}', not English. annales codes English news only."
    E007 = "Could not read '{path}' line {line}: {detail}. Each JSON Lines row must be an object with 'text' or 'html'."
    E008 = "Could not read '{path}': {detail}. Save it as UTF-8 text, HTML or JSON Lines and try again."
    E009 = "Unsupported input '{path}': expected a .txt, .html, .htm or .jsonl file, a folder, or '-'."
    E010 = "Invalid date '{value}' for {what}: use YYYY-MM-DD (for example --date 2020-12-17)."
    E011 = "Unknown code '{value}': not a PLOVER event type, mode, sector or CAMEO code. Try 'annales explain ASSAULT' or 'annales explain 044'."
    E012 = "A pipeline stage '{stage}' failed on '{path}': {detail}. The article was skipped; please report this with the article."
    E013 = "No input could be read: {count} input(s) failed. See the errors above for what to fix in each."
    E015 = "Invalid actors file '{path}' line {line}: {detail}. See docs/actors.md for the format."
    E016 = "Invalid --level '{value}': use 'report' (one row per article's report) or 'cluster' (one row per event)."
    E017 = "Invalid --format '{value}' for export: use csv, tsv, jsonl or parquet."
    E018 = "Invalid --shape '{value}': use annales, polecat, gdelt, acled (or keys: reviewed articles as answer keys)."
    E019 = "Could not open the store '{url}': {detail}. Give a file path (SQLite) or a postgresql:// URL."
    E020 = "Could not join the Ray cluster at '{address}': {detail}. Start one with 'ray start --head' (and export RAY_AUTH_MODE=token where its nodes use token auth), or leave out --address to start a local one."
    E014 = "Could not read '{path}': the article has no text after removing markup and page furniture."
    E021 = "Give --db or --out, not both: --db stores the records in SQLite or PostgreSQL, --out writes them as a Parquet dataset folder. To load a dataset into a store, use 'annales ingest DIR --db events.db'."
    E022 = "Could not write a dataset to '{path}': {detail}. Pass a new (or empty) folder to --out."
    E023 = "Could not load the dataset '{path}': {detail}. Write it again with 'annales ingest ... --out DIR' into a new folder."
    E024 = "'{path}' is a Parquet dataset written by 'annales ingest --out': load it on its own, with 'annales ingest {path} --db events.db', not together with other inputs or with --out."
    E025 = "No answer keys under '{path}': evaluate needs NAME.txt with NAME.expected.yaml beside it (docs/annotation.md), a folder of them, or a corpus root."
    E026 = "Could not use --split '{split}' for '{path}': {detail}. Splits are train, dev and test, listed in the corpus' splits.tsv."
    E029 = "Cannot build the pipeline: stage '{stage}' is wrong: {detail}. Put a stage that provides it earlier, or fix the stage's requires/provides."
    E030 = "{feature} needs the optional package '{package}', which is not installed: pip install 'annales[{extra}]' (or 'annales[all]')."
    E031 = "Invalid --family/--component '{value}': --family is minilm (the shipped tagger) or spacy (the comparison model); --component is triggers, ranker, places, verifier, tagger or all."
    E028 = "Invalid --format '{value}' for evaluate: use table or json."
    E027 = "Invalid answer key '{path}': {detail}. Check it with 'python tools/corpus/validate.py {path}'."
    E032 = "No store at '{path}': nothing has been ingested there. Check the --db path, or create the store with 'annales ingest FILES --db {path}'."
    E033 = "Unknown {what} '{value}' for {option}.{hint} See 'annales explain {example}' for what the codes mean."
    E034 = "Cannot tell the export format of '{path}': {detail}. Name the file .csv, .tsv, .jsonl or .parquet, or pass --format."
    E035 = "Invalid date '{value}' for {what}: not a date annales reads. Use 2024-05-01, 2024-05-01T10:00:00Z, 'Wed, 01 May 2024 10:00:00 GMT' or 'May 1, 2024' (a day and month written as numbers only, like 03/04/2024, is ambiguous)."
    E036 = "Unknown country '{value}' for {option}.{hint} Give an ISO 3166 code (SDN, SD) or an English country name (Sudan)."
    E037 = "annales.code() could not code the text: {detail} Pass errors='record' to get the error in the document instead."
    E040 = "Could not read '{path}': {what} is over {limit:,} bytes, more than an article of --max-chars {max_chars:,} characters can take. Split it, or raise the limit with --max-chars."
    E041 = "Could not read '{path}' line {line}: '{field}' is {kind}, not a string. Give '{field}' as a JSON string (or leave it out); the other rows are read as usual."
    E042 = "Could not code '{path}': its text has no visible characters (only whitespace, zero-width, control or combining characters). Remove it from the input or give it some text."
    E043 = "Could not read '{path}': it has no suffix, so annales cannot tell text from HTML or JSON Lines. Rename it with .txt, .html or .jsonl, or pass it by name to read it as text."
    E044 = "Could not read '{path}': it is a symbolic link to '{target}', which does not exist. Fix or remove the link."
    E045 = "Could not read '{path}': an archive inside an archive is not opened. Unpack the outer archive and pass the folder."
    E046 = "Could not open '{path}': {detail}. Check that it exists and is readable by this user."
    E047 = "Could not read '{path}': {detail}. It was skipped and the batch went on; if the input looks valid, please report this with it."
    E048 = "Invalid minimum confidence '{value}': give a probability between 0 and 1 (0.3 keeps events the verifier thinks at least 30% likely to be right)."
    E049 = "Could not code '{path}' within its time limit of {limit:g} s: stopped in stage '{stage}' after {elapsed:.1f} s. The article was skipped; split it, or raise the limit with --time-limit."
    E050 = "Invalid --time-limit '{value}': give the seconds one article may take (for example --time-limit 60), or 0 for no limit."
    E051 = "Could not fetch '{url}': {detail}. Check the address and the network connection, or try again later."
    E052 = "Could not fetch '{url}': the server answered HTTP {status} ({reason}). Check the address; a 429 or 5xx answer may pass if you try again later, with a longer --delay."
    E053 = "Could not read '{url}': the server sent {content_type}, not an HTML page. Pass the article's own page (a feed goes to 'annales ingest --feed'), or save the file and pass its path."
    E054 = "Could not fetch '{url}': no complete answer within {timeout:g} s. Try again later, or raise the limit with --timeout."
    E055 = "Could not read the feed '{url}': {detail}. Check that the address gives an RSS or Atom feed (a site links its feed in its pages' <head> as application/rss+xml or application/atom+xml)."
    E056 = "--feed needs a store (--db), not --out: the store remembers each feed's position (the items already coded, its ETag and Last-Modified), so that the next run codes only what is new. Use 'annales ingest --feed URL --db events.db'."
    E057 = "Nothing to ingest: pass files, folders or URLs, or one or more --feed URL (for example 'annales ingest --feed https://example.org/rss.xml --db events.db')."
    E058 = "Invalid --by '{value}': use week, month or year (for example 'annales counts --by week'); events known only to a coarser period get rows of their own."
    E059 = "Invalid reviewer {entry} in {source}: {detail}. Give each reviewer as NAME=TOKEN (for example --review-token alice=3f9c1a7e2b, or ANNALES_REVIEW_TOKENS='alice=3f9c1a7e2b,bob=8d04e6c51f'), each token at least 8 characters and different."
    E060 = 'Invalid review of event \'{uid}\': {detail}. Send {{"verdict": "accept"}}, {{"verdict": "reject"}} or {{"verdict": "correct", "corrected": {{...}}}} with any of type, mode, actor, recipient, date (docs/contract.md, Reviews).'
    E061 = "--shape keys writes whole reviewed articles as answer keys into a folder: {detail} does not apply. Use 'annales export --shape keys --db events.db OUT_DIR'."
    E062 = "Could not write answer keys to '{path}': {detail}. Pass a new or empty folder (or one written before by 'annales export --shape keys')."
    E063 = "Unknown sort column '{value}': use one of {columns} (for example sort=date&order=desc)."
    E064 = "A dyad needs two different actors, got '{value}' twice: pick another actor for 'b' (the network or /api/actors lists them)."
    E065 = "No event in the store has the actor '{value}'. {hint}Give the actor's name exactly as the network or /api/actors shows it."
    E066 = "Invalid bins '{value}': use week or month (for example by=month)."


class Warnings:
    W001 = "'{path}' is not valid UTF-8; decoded as {encoding}. Check the characters in the output."
    W002 = "'{path}' has no publication date: relative dates ('on Tuesday', 'last month') stay unresolved. Pass --date YYYY-MM-DD."
    W003 = "'{path}': language detection is uncertain ('{language}' suspected); coded anyway."
    W005 = "No reviewed article in '{db}': no answer key written. Review events first (the dashboard's evidence panel, or POST /api/events/UID/reviews on 'annales serve --review-token NAME=TOKEN')."
    W004 = "'{path}': {count:,} character(s) no store can hold (NUL or lone surrogates) in {fields} replaced by U+FFFD."


class AnnalesError(Exception):
    """An error with a stable code (E001...) and a message that says what to do."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        template = getattr(Errors, code)
        self.message = f"[{code}] " + template.format(**params)
        super().__init__(self.message)

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message}

    def __reduce__(self):
        # Exception's default pickling passes the message as `code`; workers (Ray, multiprocessing)
        # must get the same error back.
        return (_rebuild_error, (type(self), self.code, self.params))


def _rebuild_error(cls, code: str, params: dict) -> AnnalesError:
    return cls(code, **params)


def warning(code: str, **params) -> dict:
    """A warning record as it appears in a document's `warnings` list."""
    return {"code": code, "message": f"[{code}] " + getattr(Warnings, code).format(**params)}
