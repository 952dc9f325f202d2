"""deduce's lookup cache: built once, recorded by its sha256, loaded only when it matches.

deduce keeps its lookup tables (names, streets, places, institutions) in a pickle, and
reads it with `pickle.load`, which runs whatever code a changed file holds. So the cache
is built into a folder of its own, its sha256 is written beside it at build time, and
before every load the file is read, hashed and compared: a missing or different checksum
means the cache is never handed to deduce.

In the Docker image the folder is built as root and left read-only: a mismatch there is
refused (the bot runs its structured checks only). On a developer's machine or in tests
the folder is the user's own (by default `~/.cache/dialoogbot/deduce-<version>/`, outside
the work tree), and a mismatch means it is built again.
"""

from __future__ import annotations

import gc
import hashlib
import importlib.metadata
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

# Where deduce reads and writes its cache inside the folder it is given (its own layout).
PICKLE = Path("cache") / "lookup_structs.pickle"
CHECKSUM = "lookup_structs.sha256"
CHUNK = 1 << 20


class CacheRefused(Exception):
    """The cache's checksum is missing or does not match, and it may not be built here."""


def version() -> str:
    return importlib.metadata.version("deduce")


def default_folder(env: dict[str, str] | None = None) -> Path:
    """The per-machine cache folder: `$XDG_CACHE_HOME` or `~/.cache`, then dialoogbot/."""
    env = dict(os.environ) if env is None else env
    base = env.get("XDG_CACHE_HOME", "").strip() or str(Path.home() / ".cache")
    return Path(base) / "dialoogbot" / f"deduce-{version()}"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def recorded(folder: Path) -> str | None:
    """The checksum written at build time (`<hex>  <file>`), or None when there is none."""
    try:
        text = (folder / CHECKSUM).read_text(encoding="ascii").split()
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    return text[0] if text else None


def matches(folder: Path) -> bool:
    """True when the pickle exists and its sha256 is the one recorded at build time."""
    expected = recorded(folder)
    if expected is None or not (folder / PICKLE).is_file():
        return False
    return sha256(folder / PICKLE) == expected


def build(folder: Path) -> None:
    """Build deduce's cache into `folder` and record its checksum (minutes, about 1 GB).

    Built in a fresh private folder beside it and moved into place whole, so nobody ever
    sees, or hashes, a half-written cache.
    """
    from deduce import Deduce  # heavy: imported only where the cache is built

    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        Deduce(cache_path=scratch, build_lookup_structs=True)
        (scratch / CHECKSUM).write_text(f"{sha256(scratch / PICKLE)}  {PICKLE}\n", "ascii")
        (scratch / PICKLE).chmod(0o444)
        scratch.chmod(0o755)
        if folder.exists():
            shutil.rmtree(folder)
        scratch.rename(folder)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def load(folder: Path, *, rebuild: bool) -> Any:
    """A loaded `Deduce` from the cache in `folder`, only when its checksum matches.

    `rebuild`: build the cache again when it is missing or does not match (a folder of the
    user's own); otherwise such a cache is refused with `CacheRefused` (the image's).
    """
    from deduce import Deduce  # heavy: imported where it is loaded, off the event loop

    if not matches(folder):
        if not rebuild:
            raise CacheRefused(f"deduce's cache in {folder} does not match its recorded sha256")
        build(folder)
        if not matches(folder):
            raise CacheRefused(f"deduce's cache rebuilt in {folder} does not match its sha256")
    # The cache unpickles into four and a half million objects. With the cyclic garbage
    # collector on, every full collection on the way walks all of them again (measured:
    # 17 of them, two thirds of a 22 s load); afterwards one would stall the process for
    # seconds. So it is off while loading, and what is loaded is frozen: never walked again.
    gc.disable()
    try:
        return Deduce(cache_path=folder)
    finally:
        gc.freeze()
        gc.enable()


def main(argv: list[str]) -> None:
    """`python -m flows.deduce_cache FOLDER`: build the cache there (the image does, as root)."""
    if len(argv) != 1:
        raise SystemExit("usage: python -m flows.deduce_cache FOLDER")
    folder = Path(argv[0])
    build(folder)
    print(f"deduce {version()} cache in {folder}, sha256 {recorded(folder)}")


if __name__ == "__main__":
    main(sys.argv[1:])
