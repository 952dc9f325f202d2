"""One transaction, with every repository bound to it."""

from __future__ import annotations

import aiosqlite

from storage.actions import Actions
from storage.boards import Boards
from storage.changes import Changes
from storage.code_tries import CodeTries
from storage.dialogues import Dialogues
from storage.exports import Exports
from storage.inbox import Inbox
from storage.mirrors import Mirrors
from storage.outbox import Outbox
from storage.participation import Participation
from storage.people import People
from storage.personal import PersonalData
from storage.proposals import Proposals
from storage.questions import Questions
from storage.retention import Retention
from storage.rounds import Contributions, Rounds
from storage.sessions import Sessions
from storage.summaries import Summaries
from storage.synthesis import SynthesisData
from storage.themes import Themes
from storage.timers import Timers


class Tx:
    """The repositories, bound to the connection: `async with db.transaction() as tx: tx.rounds...`.

    They keep no state of their own, so the one Tx a Database has serves every block;
    `changes` collects what the block under way changed that others wait for.
    """

    def __init__(self, conn: aiosqlite.Connection, changes: Changes) -> None:
        self.people = People(conn)
        self.sessions = Sessions(conn)
        self.participation = Participation(conn)
        self.rounds = Rounds(conn, changes)
        self.contributions = Contributions(conn)
        self.actions = Actions(conn)
        self.summaries = Summaries(conn)
        self.dialogues = Dialogues(conn)
        self.outbox = Outbox(conn, changes)
        self.inbox = Inbox(conn)
        self.timers = Timers(conn, changes)
        self.retention = Retention(conn)
        self.personal = PersonalData(conn)
        self.code_tries = CodeTries(conn)
        self.boards = Boards(conn)
        self.themes = Themes(conn)
        self.proposals = Proposals(conn)
        self.questions = Questions(conn)
        self.synthesis = SynthesisData(conn)
        self.exports = Exports(conn)
        self.mirrors = Mirrors(conn)
