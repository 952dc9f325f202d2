"""What a round's leaders read while they watch the answers come in, and the questions
they word for their session."""

from __future__ import annotations

from flows.model import ROUND_ORDER
from flows.questions import Asked, SessionQuestions
from flows.watching import Watch, excerpt
from reports.render import render


def watch_text(lang: str, w: Watch) -> str:
    """One page of the watched round, for a Telegram message."""
    return render(lang, "telegram/watch.j2", w=w, excerpt=excerpt)


def questions_text(lang: str, q: SessionQuestions) -> str:
    """The session's questions as each perspective reads them, and the extra one."""
    return render(lang, "telegram/questions.j2", q=q, spine=[k.value for k in ROUND_ORDER])


def question_ask_text(lang: str, asked: Asked) -> str:
    """Ask for the new wording of a question."""
    return render(lang, "telegram/question_ask.j2", a=asked)
