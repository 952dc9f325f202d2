"""The guided dialogue for a new session: title, theme, perspectives; then it is created.

Each step is one call. It checks the person is at that step, checks what they gave, keeps it
in the stored dialogue and says what comes next; what they read is up to the channel.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows import dialogue, sessions
from flows.access import Actor
from flows.clock import DEFAULT_TZ, Clock
from flows.errors import Gone
from flows.guided import Guided, NewSessionStep, Next
from flows.model import TITLE_MAX, Perspective
from flows.people import with_person
from flows.sessions import Invites, clean_text
from storage import Database

FLOW = Guided.NEW_SESSION


@dataclass(frozen=True, slots=True)
class PerspectivesAsked:
    """The step with the perspectives: which ones are switched on now."""

    chosen: list[Perspective]
    step: NewSessionStep = NewSessionStep.PERSPECTIVES


async def start(db: Database, clock: Clock, actor: Actor) -> Next:
    """Begin (again): ask for the title. A dialogue the person was in is replaced."""
    actor = await with_person(db, actor, clock)  # admins get a row the first time they act
    await dialogue.begin(db, clock, actor, FLOW, NewSessionStep.TITLE, {})
    return Next(FLOW, NewSessionStep.TITLE)


async def give_title(db: Database, clock: Clock, actor: Actor, text: str) -> Next:
    """Keep the title (trimmed; empty or too long is refused) and ask for the theme."""
    await dialogue.expect(db, actor, FLOW, NewSessionStep.TITLE)
    title = clean_text(text, limit=TITLE_MAX, field="title")
    await dialogue.begin(db, clock, actor, FLOW, NewSessionStep.THEME, {"title": title})
    return Next(FLOW, NewSessionStep.THEME)


async def give_theme(db: Database, clock: Clock, actor: Actor, text: str) -> PerspectivesAsked:
    """Keep the theme (typed, or a chosen one in the person's language); all perspectives on."""
    current = await dialogue.expect(db, actor, FLOW, NewSessionStep.THEME)
    theme = clean_text(text, limit=TITLE_MAX, field="theme")
    chosen = list(Perspective)
    data = {**current.data, "theme": theme, "perspectives": [p.value for p in chosen]}
    await dialogue.begin(db, clock, actor, FLOW, NewSessionStep.PERSPECTIVES, data)
    return PerspectivesAsked(chosen)


async def toggle_perspective(
    db: Database, clock: Clock, actor: Actor, choice: str
) -> PerspectivesAsked:
    """Switch one perspective on or off."""
    current = await dialogue.expect(db, actor, FLOW, NewSessionStep.PERSPECTIVES)
    if choice not in {p.value for p in Perspective}:
        raise Gone()
    chosen = list(current.data.get("perspectives", []))
    chosen = [p for p in chosen if p != choice] if choice in chosen else [*chosen, choice]
    data = {**current.data, "perspectives": chosen}
    await dialogue.begin(db, clock, actor, FLOW, NewSessionStep.PERSPECTIVES, data)
    return PerspectivesAsked([p for p in Perspective if p.value in chosen])


async def create(db: Database, clock: Clock, actor: Actor, *, tz: str = DEFAULT_TZ) -> Invites:
    """Create the session with what the dialogue gathered, and end the dialogue."""
    current = await dialogue.expect(db, actor, FLOW, NewSessionStep.PERSPECTIVES)
    created = await sessions.create_session(
        db,
        clock,
        actor,
        title=current.data["title"],
        theme=current.data["theme"],
        perspectives=[Perspective(p) for p in current.data.get("perspectives", [])],
        tz=tz,
    )
    await dialogue.end(db, actor)
    return created
