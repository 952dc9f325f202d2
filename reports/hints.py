"""What the facilitator can do next, in one sentence."""

from __future__ import annotations

from flows.model import Phase
from reports.i18n import Texts


def next_step(_: Texts, phase: str, *, round_open: bool, extra_due: bool = False) -> str:
    """`extra_due`: the session has an extra question whose round was not held yet."""
    if round_open:
        return _("Close the round with /close when the time is up.")
    if phase == Phase.DRAFT:
        return _("When people have joined, open the first round with /open.")
    if phase in (Phase.WENT_WELL, Phase.HURT):
        return _("Open the next round with /open.")
    if phase == Phase.ACTIONS and extra_due:
        return _(
            "Open the extra round with /open. Then record the agreed actions with /action"
            " and check the summary with /summary."
        )
    if phase == Phase.ACTIONS:
        return _("Record the agreed actions with /action, then check the summary with /summary.")
    # Closed by sending the summary; what goes on after it is still the leader's to do.
    return _(
        "The summary has gone out. Actions and their follow-up go on: add one with /action."
        " A change to the summary goes out as a correction with /summary."
    )
