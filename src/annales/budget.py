"""An article's time budget: a deadline the pipeline checks between stages and the long stages check
inside their loops, so that one article over its limit gets an error record and the batch goes on.

Why cooperative, not a killed worker: the same check works in every runner (this process, local worker
processes, Ray actors, the API's threads, where nothing can be killed), costs nothing when the article is
in time, and leaves the loaded pipeline usable for the next article. Its limit: a check cannot interrupt
one long call into C, that is spaCy's parse. The parse is made bounded instead: its input is cut of what
makes the tokenizer quadratic and sentences are capped (nlp.tokenizer_text, nlp.LONG_LINE), so it costs
time linear in the text's length, and `--max-chars` bounds the length. An article parsed over its budget
gets its error as soon as the parse returns. Articles a runner parses together (nlp.pipe) are timed from
their first stage; texts longer than `BATCH_PARSE_CHARS` are parsed on their own, within their budget.
"""

from __future__ import annotations

import time

from .errors import AnnalesError

# Seconds one article may take by default: far above a news article (well under a second) and above the
# longest text `--max-chars` lets through at its default, far below what quadratic work would take.
DEFAULT_TIME_LIMIT = 120.0
# Texts longer than this are parsed on their own, inside their own budget, not with the batch.
BATCH_PARSE_CHARS = 50_000


class TimeLimitExceeded(AnnalesError):
    """An article ran past its time limit (E049)."""


class Deadline:
    """When an article's time is up; `check(stage)` raises E049 after that. No limit: never up. A caller
    that gives up on the article (an API request that timed out) calls `cancel()`: the work stops at the
    next check."""

    def __init__(self, seconds: float | None = None, path: str = ""):
        self.seconds = seconds
        self.path = path
        self.start = time.monotonic()
        self.ends = self.start + seconds if seconds else float("inf")

    def cancel(self) -> None:
        self.ends = float("-inf")

    def check(self, stage: str) -> None:
        now = time.monotonic()
        if now > self.ends:
            raise TimeLimitExceeded(
                "E049", path=self.path, limit=self.seconds or 0, stage=stage, elapsed=now - self.start
            )


def check_time_limit(value: float | None) -> float | None:
    """A time limit as given (seconds > 0, or None / 0 for none); raises E050 on anything else."""
    if value is None or value == 0:
        return None
    if not isinstance(value, int | float) or value != value or value < 0:
        raise AnnalesError("E050", value=value)
    return float(value)
