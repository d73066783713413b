"""What every speed benchmark reports besides its times: the machine's load during each run, medians and spreads.

These 2 cores are often shared with other jobs, whose processes this one cannot see. The load average shows
them, but a benchmark raises it too; so each run also counts the CPU-seconds the machine spent on processes
outside this benchmark's own process tree (busy time in /proc/stat minus this process's and its reaped
children's CPU time). A series with a run during which others took more than SHARED_CORES cores on average
is reported as measured on a shared machine (the load average alone would flag a benchmark that starts right
after another: it decays over minutes).
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import statistics
import threading
import time
from pathlib import Path

SHARED_CORES = 0.25
TICK = os.sysconf("SC_CLK_TCK")
PR_SET_CHILD_SUBREAPER = 36


def load_average() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def machine_busy_seconds() -> float:
    """CPU-seconds all processes of the machine have used (user, nice, system, irq, softirq; not idle or steal)."""
    user, nice, system, _idle, _iowait, irq, softirq = (int(x) for x in Path("/proc/stat").read_text().split()[1:8])
    return (user + nice + system + irq + softirq) / TICK


def own_cpu_seconds() -> float:
    """CPU-seconds of this process and of every descendant reaped so far."""
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def adopt_orphans() -> None:
    """Become the parent of this benchmark's orphaned descendants (Ray's daemons outlive the process that started
    them by a moment), so that their CPU time is counted when reap_orphans() waits for them."""
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER) failed")


def reap_orphans(timeout: float = 60.0) -> list[int]:
    """Wait for adopted descendants to exit; those still alive after `timeout` are terminated. Returns their ids.
    Call it only when no child of this process is being waited for elsewhere."""
    deadline, lingering = time.monotonic() + timeout, []
    while True:
        try:
            pid, _status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return lingering
        if pid:
            continue
        if time.monotonic() > deadline and not lingering:
            lingering = children()
            for child in lingering:
                os.kill(child, signal.SIGTERM)
        time.sleep(0.1)


def children(root: int | None = None) -> list[int]:
    """Ids of every live descendant of `root` (this process by default)."""
    parent_of = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent_of[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [root or os.getpid()]
    while frontier:
        pid = frontier.pop()
        kids = [k for k, p in parent_of.items() if p == pid]
        found += kids
        frontier += kids
    return found


def tree_pss_mb() -> float:
    """Memory of this process and its descendants, shared pages divided among their users (PSS), in MB."""
    total_kb = 0
    for pid in [os.getpid(), *children()]:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kb += int(line.split()[1])
        except OSError:
            continue
    return total_kb / 1024


class PeakMemory:
    """Samples tree_pss_mb() every 0.5 s while in a `with` block; `peak` holds the largest sample."""

    def __enter__(self) -> PeakMemory:
        self.peak, self._stop = tree_pss_mb(), threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.5):
            self.peak = max(self.peak, tree_pss_mb())

    def __exit__(self, *_exc) -> None:
        self._stop.set()
        self._thread.join()


class LoadLog:
    """For each run: load averages before and after, and the cores that processes outside this benchmark took."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self._start: tuple[str, float, float, float] | None = None

    def start(self) -> None:
        self._start = (load_average(), machine_busy_seconds(), own_cpu_seconds(), time.perf_counter())

    def stop(self, label: str) -> dict:
        """Ends the run begun by start(); returns its row (own CPU-seconds included)."""
        load, busy0, own0, t0 = self._start
        wall = time.perf_counter() - t0
        own = own_cpu_seconds() - own0
        others = max(0.0, machine_busy_seconds() - busy0 - own)
        row = {
            "run": label,
            "load_before": load,
            "load_after": load_average(),
            "wall_s": round(wall, 2),
            "own_cpu_s": round(own, 1),
            "others_cores": round(others / wall, 2),
        }
        self.rows.append(row)
        return row

    def shared(self) -> bool:
        # Judged by the cores others took during the runs, measured, not by the load average: that one
        # decays over minutes, so a benchmark run right after another starts with the first one's load.
        return any(r["others_cores"] > SHARED_CORES for r in self.rows)

    def report(self) -> str:
        lines = [
            f"  {r['run']}: load average before {r['load_before']}, after {r['load_after']}; "
            f"other processes took {r['others_cores']:.2f} of {os.cpu_count()} cores"
            for r in self.rows
        ]
        worst = max((r["others_cores"] for r in self.rows), default=0.0)
        verdict = (
            f"SHARED MACHINE: other jobs took more than {SHARED_CORES} cores during these runs; the times are "
            "slower than an idle machine's"
            if self.shared()
            else f"idle machine: others took at most {worst:.2f} cores during any run"
        )
        return (
            "machine load (1, 5, 15-minute averages; the benchmark's own work raises them):\n"
            + "\n".join(lines)
            + "\n"
            + verdict
        )


def spread(xs: list[float], unit: str = "s") -> str:
    """`median X unit (min-max, N runs)`, the way every benchmark reports a repeated measurement."""
    return f"median {statistics.median(xs):.2f} {unit} ({min(xs):.2f}-{max(xs):.2f}, {len(xs)} runs)"


def rate_spread(count: float, seconds: list[float], unit: str) -> str:
    """`count` per second as a median and spread over the runs' times (the slowest run gives the minimum)."""
    rates = [count / s for s in seconds]
    return f"{statistics.median(rates):,.1f} {unit}/s ({min(rates):,.1f}-{max(rates):,.1f})"


def machine_line() -> str:
    """The machine, the commit measured and the load at the start: the line under a benchmark's header."""
    import platform
    import subprocess

    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        commit += " (with uncommitted changes)" if dirty else ""
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown (not a git checkout)"
    return (
        f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()}; commit {commit}; "
        f"load average at the start {load_average()}"
    )
