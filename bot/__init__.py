"""The Telegram adapter: translates between Telegram updates and the domain in flows/."""

import os

# Opt in to PTB's coming durations as timedelta (e.g. RetryAfter.retry_after); our code
# accepts both, and the opt-in silences the deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "1")
