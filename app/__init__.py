"""The composition root: the one place that puts the parts together and runs them.

`app.root` assembles storage, the flows' services, delivery, the scheduler and the
Telegram channel in one event loop; `app.cli` is the `dialoogbot` command.
"""
