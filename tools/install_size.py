"""What a Python environment's installed packages weigh on disk, package by package; fails over a limit.

    build/plain/bin/python tools/install_size.py --max-mb 400

Run it with the environment's own interpreter (it reads that environment's installed distributions). .ci/run
uses it on a fresh virtual environment after `pip install <the wheel>` without extras: what `pip install
annales` costs a user. The size counts disk blocks (as `du` does), in MB of 1,000,000 bytes, of everything
under site-packages except pip itself (the installer the environment had before annales came).
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import os
import sysconfig
from pathlib import Path

INSTALLER = {"pip"}  # in every virtual environment before anything is installed: not part of the cost


def _disk(path: Path) -> int:
    try:
        return os.lstat(path).st_blocks * 512
    except OSError:
        return 0


def tree_size(root: Path) -> int:
    total = 0
    for folder, dirs, files in os.walk(root):
        total += sum(_disk(Path(folder) / name) for name in files + dirs)
    return total


def distribution_sizes() -> list[tuple[int, str, str]]:
    """(bytes on disk, name, version) of every installed distribution, largest first, from its RECORD."""
    rows = []
    for dist in md.distributions():
        size = sum(_disk(Path(f.locate())) for f in dist.files or [])
        rows.append((size, dist.metadata["Name"], dist.version))
    return sorted(rows, reverse=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max-mb", type=float, default=None, help="fail (exit 1) when the total is larger")
    parser.add_argument("--top", type=int, default=25, help="how many distributions to list")
    args = parser.parse_args(argv)
    site = Path(sysconfig.get_paths()["purelib"])
    rows = distribution_sizes()
    installer = sum(size for size, name, _v in rows if name.lower() in INSTALLER)
    total = tree_size(site) - installer
    for size, name, version in rows[: args.top]:
        note = "  (the installer: not counted)" if name.lower() in INSTALLER else ""
        print(f"{size / 1e6:8.1f} MB  {name} {version}{note}")
    rest = rows[args.top :]
    if rest:
        print(f"{sum(r[0] for r in rest) / 1e6:8.1f} MB  {len(rest)} smaller distributions")
    print(f"{total / 1e6:8.1f} MB  in all under {site} ({len(rows)} distributions, pip not counted)")
    if args.max_mb is not None and total > args.max_mb * 1e6:
        print(f"over the limit of {args.max_mb:g} MB")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
