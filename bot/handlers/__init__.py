"""Handlers per role. Each takes (update, context) and is wired in bot/app.py."""
