"""`dialoogbot demo` needs the stand-in, which an installed wheel does not carry."""

from __future__ import annotations

import subprocess
import sys

# What an installed package looks like: `sandbox` cannot be imported.
WITHOUT_SANDBOX = """
import sys
sys.modules["sandbox"] = None
from app.cli import main
sys.exit(main(["demo"]))
"""


def test_the_demo_without_the_stand_in_says_how_to_get_it() -> None:
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_SANDBOX], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    assert "make demo" in done.stderr
    assert "Traceback" not in done.stderr
