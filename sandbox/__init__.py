"""A local stand-in of Telegram and simulated people, for the demo, tests and benchmarks.

Nothing in bot/, flows/, reports/ or storage/ imports this package.
"""
