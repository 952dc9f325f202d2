"""Why a step cannot be taken. Each error carries a code the channels turn into words."""

from __future__ import annotations


class FlowError(Exception):
    """A request the domain refuses; `code` names the reason for the person asking."""

    code = "flow_error"

    def __init__(self, code: str | None = None, **details: object) -> None:
        self.code = code or type(self).code
        self.details = details
        super().__init__(self.code)


class NotAllowed(FlowError):
    code = "not_allowed"


class Gone(FlowError):
    """The row a request is about no longer exists or no longer applies (old button)."""

    code = "gone"


class AnswerGone(Gone):
    """The answer a form or button is about was erased meanwhile: by the person who wrote
    it (deleted, or taken with them when they left). The leader or reader carries on."""

    code = "answer_gone"


class NoActiveSession(FlowError):
    code = "no_active_session"


class WrongPhase(FlowError):
    code = "wrong_phase"


class InvalidInput(FlowError):
    code = "invalid_input"


class Braked(FlowError):
    """Too many wrong codes or links from the same asker: wait before the next is looked up."""

    code = "too_many_tries"
