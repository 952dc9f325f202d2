"""Print every benchmark: `python -m bench` (or `make bench`). Figures only; nothing asserted.

python -m bench               # all
python -m bench a b c guard   # some of them
"""

from __future__ import annotations

import asyncio
import logging
import sys

from bench import broadcast, guard, summary, throughput
from bench.measure import machine
from bot import logs


def main(chosen: list[str]) -> None:
    logs.configure("WARNING")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    print(f"machine: {machine()}\n")
    runs = {
        "a": lambda: asyncio.run(throughput.run()),
        "b": lambda: asyncio.run(broadcast.run()),
        "c": lambda: asyncio.run(summary.run()),
        "guard": guard.run,
    }
    for name in chosen or list(runs):
        if name not in runs:
            sys.exit(f"unknown benchmark {name!r}; choose from {', '.join(runs)}")
        runs[name]()
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
