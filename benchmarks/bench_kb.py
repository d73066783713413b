"""Start-up cost of the actor knowledge base: seconds and memory to load it, in a fresh process.

python benchmarks/bench_kb.py
"""

from __future__ import annotations

import resource
import sys
import time


def main() -> int:
    import yaml  # noqa: F401 - imported before measuring: everything annales imports anyway

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    from annales.actors import kb

    k = kb.load()
    load_s = time.perf_counter() - t0
    rss1 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    people = sum(1 for e in k.entities.values() if e.kind == "person")
    spells = sum(len(e.spells) for e in k.entities.values())
    print(
        f"knowledge base: {len(k.entities):,} entities ({people:,} people, {spells:,} dated spells), "
        f"{len(k.roles)} roles, {len(k.agents):,} agent nouns, {len(k.names):,} names"
    )
    print(f"load time {load_s:.2f} s; process memory (peak RSS) grew {(rss1 - rss0) / 1024:.0f} MB")
    t0 = time.perf_counter()
    from annales.gazetteer import gazetteer

    gazetteer()
    print(f"gazetteer (cities) load {time.perf_counter() - t0:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
