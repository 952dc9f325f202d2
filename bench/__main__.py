"""Print every benchmark: `python -m bench` (or `make bench`). Figures only; nothing asserted.

python -m bench               # all
python -m bench a b c d guard   # some of them
python -m bench guard --cases FILE [--structured-only]   # score the guard on a labelled file
python -m bench themes --cases FILE   # score the theme suggestions on a labelled session
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from bench import broadcast, guard, summary, themes, throughput, web
from bench.measure import machine
from bot import logs


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("chosen", nargs="*", help="a b c d guard themes (default: all)")
    parser.add_argument("--cases", type=Path, help="guard, themes: a labelled file of JSON lines")
    parser.add_argument(
        "--structured-only", action="store_true", help="guard: without loading deduce"
    )
    args = parser.parse_args(argv)
    logs.configure("WARNING")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    print(f"machine: {machine()}\n")
    runs = {
        "a": lambda: asyncio.run(throughput.run()),
        "b": lambda: asyncio.run(broadcast.run()),
        "c": lambda: asyncio.run(summary.run()),
        "d": lambda: asyncio.run(web.run()),
        "guard": lambda: guard.run(args.cases, structured_only=args.structured_only),
        "themes": lambda: themes.run(args.cases),
    }
    for name in args.chosen or list(runs):
        if name not in runs:
            sys.exit(f"unknown benchmark {name!r}; choose from {', '.join(runs)}")
        runs[name]()
        print()


if __name__ == "__main__":
    main(sys.argv[1:])
