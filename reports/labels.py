"""Names of the domain's words as people read them (translated where shown)."""

from __future__ import annotations

from markupsafe import Markup

from reports.i18n import N_, Texts

PERSPECTIVE = {
    "parent": N_("parent/resident"),
    "worker": N_("family worker"),
    "partner": N_("partner organisation"),
    "municipality": N_("municipality"),
}

# For headings and lists: "Gemeente" heads a column as "Ouders/inwoners" does.
PERSPECTIVE_PLURAL = {
    "parent": N_("parents/residents"),
    "worker": N_("family workers"),
    "partner": N_("partner organisations"),
    "municipality": N_("municipality"),
}

# The theme × perspective grid's last row, of the answers nobody sorted into a theme (the
# report's and the exports' alike).
NO_THEME = N_("Not sorted into a theme")

# The people of a perspective as a sentence names them ("Only for ...", "How many ... were
# invited?"): "only municipality raised this" is no sentence.
PEOPLE = {
    "parent": N_("parents/residents"),
    "worker": N_("family workers"),
    "partner": N_("partner organisations"),
    "municipality": N_("people from the municipality"),
}

# The field for how many of a group were invited (the summary draft's form): a name of its
# own, so it is never mistaken for the cover's municipality field.
INVITED_FIELD = {
    "parent": N_("Parents/residents invited"),
    "worker": N_("Family workers invited"),
    "partner": N_("Partner organisations invited"),
    "municipality": N_("People from the municipality invited"),
}

# How someone takes part, said the way a sentence needs it: "You take part as a parent or
# resident", not "as: parent/resident".
PERSPECTIVE_ROLE = {
    "parent": N_("as a parent or resident"),
    "worker": N_("as a family worker"),
    "partner": N_("on behalf of a partner organisation"),
    "municipality": N_("on behalf of the municipality"),
}

ROUND_TITLE = {
    "went_well": N_("What went well?"),
    "hurt": N_("Where did it hurt?"),
    "needed": N_("What is needed?"),
    "extra": N_("One more question"),
}

ROUND_NUMBER = {"went_well": 1, "hurt": 2, "needed": 3, "extra": 4}

# The question of each round, phrased for each perspective.
ROUND_QUESTION = {
    ("went_well", "parent"): N_(
        "Think of the help you and your family got. What went well? What helped you?"
    ),
    ("went_well", "worker"): N_(
        "Think of your work with the families. What went well? What are you proud of?"
    ),
    ("went_well", "partner"): N_(
        "Think of working together with the neighbourhood team. What went well?"
    ),
    ("went_well", "municipality"): N_(
        "Looking from the municipality: what went well in the support for families?"
    ),
    ("hurt", "parent"): N_(
        "Where did it hurt? What was hard for you, or what did not go the way you hoped?"
    ),
    ("hurt", "worker"): N_(
        "Where did it hurt? Where did you get stuck, or where did a family not get what it needed?"
    ),
    ("hurt", "partner"): N_(
        "Where did it hurt in working together? Where did something get lost between us?"
    ),
    ("hurt", "municipality"): N_(
        "Where did it hurt? Where did rules, money or agreements get in the way?"
    ),
    ("needed", "parent"): N_("What is needed? What would help you and other families next time?"),
    ("needed", "worker"): N_(
        "What is needed? What would help you to do your work well for families?"
    ),
    ("needed", "partner"): N_(
        "What is needed? What can your organisation and the neighbourhood team do together?"
    ),
    ("needed", "municipality"): N_(
        "What is needed? What can the municipality do, from its own responsibility?"
    ),
}


def question(_: Texts, kind: str, perspective: str, wording: str | None = None) -> str:
    """A round's question for a perspective: the session's own wording, else the catalogue's."""
    if wording:
        return wording
    default = ROUND_QUESTION.get((kind, perspective))
    return _(default) if default else ""


def round_heading(_: Texts, kind: str) -> Markup:
    """ "Round 2 of 3: Where did it hurt?"; the extra round goes by its title alone."""
    if kind not in ROUND_ORDER_KEYS:
        return _(ROUND_TITLE.get(kind, kind))
    return _("Round %(number)d of 3", number=ROUND_NUMBER[kind]) + ": " + _(ROUND_TITLE[kind])


ROUND_ORDER_KEYS = ("went_well", "hurt", "needed")

DISPLAY_MODE = {
    "name": N_("first name"),
    "pseudonym": N_("pseudonym"),
    "anonymous": N_("anonymous"),
}

PHASE = {
    "draft": N_("not started"),
    "went_well": N_("round 1: what went well"),
    "hurt": N_("round 2: where it hurt"),
    "needed": N_("round 3: what is needed"),
    "actions": N_("agreeing actions"),
    "extra": N_("the extra question"),
    "closed": N_("closed"),
}

# Quick choices for a new session's theme (from the Nijmegen dialogue sessions).
THEMES = (
    N_("Safety and complex cases"),
    N_("Working with the social base"),
    N_("The residents' perspective"),
)

# Quick choices for who carries out an action.
PARTIES = (
    N_("neighbourhood team"),
    N_("municipality"),
    N_("partner organisation"),
)


def perspective(_: Texts, key: str) -> str:
    return _(PERSPECTIVE.get(key, key))


def author(_: Texts, display_mode: str, display_name: str | None, perspective_key: str) -> str:
    """How an answer is signed under its perspective's heading: the chosen name, or the role."""
    if display_mode in ("name", "pseudonym") and display_name:
        return display_name
    return _(PERSPECTIVE.get(perspective_key, perspective_key)).capitalize()


def signature(_: Texts, display_mode: str, display_name: str | None, perspective_key: str) -> str:
    """How a contribution is signed: the chosen name with the perspective, or the perspective."""
    label = _(PERSPECTIVE.get(perspective_key, perspective_key))
    if display_mode in ("name", "pseudonym") and display_name:
        return _("%(name)s (%(perspective)s)", name=display_name, perspective=label)
    return label.capitalize()


# Every command has an English and a Dutch name; people see the one of their language.
COMMANDS = {
    "start": "start",
    "help": "help",
    "new": "nieuw",
    "sessions": "sessies",
    "status": "status",
    "invite": "uitnodiging",
    "open": "open",
    "close": "sluit",
    "action": "actie",
    "summary": "samenvatting",
    "answers": "antwoorden",
    "cancel": "annuleer",
    "facilitator": "facilitator",
    "cohost": "medeleider",
    "board": "bord",
    "remind": "herinner",
    "settings": "instellingen",
    "stop": "stop",
    "mydata": "mijngegevens",
    "forgetme": "vergeetmij",
    "privacy": "privacy",
    "web": "web",
    # -- watching a round, the questions (Dutch command names)
    "watch": "meelezen",
    "questions": "vragen",
    #
    # -- themes (Dutch command names)
    "themes": "themas",
    #
    # -- mirror, recognition, proposals (Dutch command names)
    "mirror": "spiegel",
    "proposals": "voorstellen",
    #
    # -- the reviewed summary (Dutch command names)
    #
    # -- the report and the exports (Dutch command names)
    "export": "export",
    #
}


def command(lang: str, name: str) -> str:
    """The command as a person of `lang` types it, with its slash."""
    return "/" + (COMMANDS[name] if lang == "nl" else name)


# What a masked detail is replaced by, e.g. "[name]".
DETAIL = {
    "name": N_("name"),
    "institution": N_("institution"),
    "place": N_("place"),
    "birth_date": N_("date of birth"),
    "age": N_("age"),
    "bsn": N_("BSN"),
    "phone": N_("phone number"),
    "email": N_("e-mail address"),
    "iban": N_("bank account"),
    "address": N_("address"),
}

# How a typed period is asked back, by why the proposed day was chosen (flows.dates.Guess).
DUE_GUESS = {
    "period": N_("Which day do you mean? Shall I take %(date)s?"),
    "start": N_("Did you mean %(date)s?"),
    "middle": N_("Did you mean %(date)s?"),
    "end": N_("Did you mean %(date)s?"),
    "before_summer": N_(
        "Before the summer: shall I take %(date)s, before the school summer holidays start?"
    ),
    "after_summer": N_(
        "After the summer: shall I take %(date)s, when the schools have started again?"
    ),
}

PROGRESS = {
    "done": N_("done"),
    "on_track": N_("on track"),
    "stuck": N_("stuck"),
}
