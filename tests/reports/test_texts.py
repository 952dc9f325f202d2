"""Every sentence comes from the catalogues, complete in Dutch and English."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from reports.i18n import LOCALE_DIR, Texts, pick_lang
from sandbox import scenario
from sandbox.world import World

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def extracted() -> dict[tuple[str | None, str | tuple[str, ...]], str]:
    """Every message in the code and templates by its context and msgid, the way `make
    messages` extracts them."""
    method_map = [
        ("bot/**.py", "python"),
        ("flows/**.py", "python"),
        ("reports/**.py", "python"),
        ("reports/templates/**.j2", "jinja2"),
    ]
    options = {"reports/templates/**.j2": {"extensions": "jinja2.ext.i18n"}}
    keywords = {
        "_": None,
        "gettext": None,
        "ngettext": (1, 2),
        "N_": None,
        "pgettext": ((1, "c"), 2),
        "NP_": ((1, "c"), 2),
    }
    found: dict[tuple[str | None, str | tuple[str, ...]], str] = {}
    for filename, _lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options, keywords=keywords
    ):
        found[context, message if isinstance(message, str) else tuple(message)] = filename
    return found


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_message_has_a_translation(lang: str) -> None:
    with (LOCALE_DIR / lang / "LC_MESSAGES" / "dialoogbot.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    problems = []
    for (context, key), where in extracted().items():
        msgid = key if isinstance(key, str) else key[0]
        message = catalog.get(msgid, context=context)
        if message is None or message.fuzzy:
            problems.append(f"{where}: no {lang} translation for {key!r}")
            continue
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if not all(strings):
            problems.append(f"{where}: empty {lang} translation for {key!r}")
            continue
        wanted = set(PLACEHOLDER.findall(msgid)) - {"num"}
        for string in strings:
            if set(PLACEHOLDER.findall(string)) - {"num"} != wanted:
                problems.append(f"{where}: placeholders differ in {lang} for {msgid!r}")
    assert problems == []


def test_the_check_fails_for_a_message_without_translation() -> None:
    """The completeness check above is not vacuous: it sees the code's messages."""
    found = extracted()
    assert (None, "What went well?") in found  # a label marked with N_
    assert (None, ("%(num)d answer", "%(num)d answers")) in found  # a plural from a template
    assert (None, "✓ Saved.") in found  # a reply in a handler
    assert ("file name", "my data") in found  # a word in its context
    assert ("file name", "grid") in found  # a constant marked with its context (NP_)


def test_languages_follow_telegram_and_fall_back() -> None:
    assert pick_lang("en-GB") == "en"
    assert pick_lang("nl") == "nl"
    assert pick_lang("fy", "en") == "en"
    assert pick_lang(None, "nl") == "nl"


def test_dates_are_written_the_dutch_way() -> None:
    day = dt.date(2027, 1, 15)
    assert Texts("nl").date(day) == "15 januari 2027"
    assert Texts("en").date(day) == "15 January 2027"


async def test_an_english_participant_is_answered_in_english(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    emma = world.person("Emma", lang="en")
    await emma.open_link(links.participant["partner"])
    assert "We learn together; we're not here to find fault." in emma.last.text
    await emma.press("Yes, I'll take part")
    await emma.press("Anonymous")
    await emma.press("Yes, send me")
    await facilitator.send("/open")
    assert "Think about working with the neighbourhood team." in emma.last.text
    await emma.send("The team called back quickly.")
    assert emma.last.text == "✓ Saved. This is your first answer to “What went well?”."


async def test_people_without_a_telegram_language_get_dutch(world: World) -> None:
    stranger = world.person("Zonder taal", lang=None)
    await stranger.send("/start")
    assert stranger.last.text.startswith("Hallo! Ik ben Dialoogbot.")


def test_the_catalogues_read_as_written_in_their_own_language() -> None:
    """Plain quote marks, no phrases carried over word for word from Dutch, one date style."""
    found = []
    for lang, wrong in {
        "nl": ("«", "»", "als: ", "die gespreksleider maakt"),
        "en": ("«", "»", "its own responsibility", "What is its title", "I did not", "anymore"),
    }.items():
        with (LOCALE_DIR / lang / "LC_MESSAGES" / "dialoogbot.po").open("rb") as handle:
            catalog = read_po(handle, locale=lang)
        for message in catalog:
            strings = [message.string] if isinstance(message.string, str) else message.string
            found += [(lang, w, s) for s in strings if s for w in wrong if w in s]
    assert found == []


async def test_the_menu_and_help_say_each_role_in_a_sentence(world: World) -> None:
    admin = world.admin()
    await admin.send("/start")  # an admin gets the facilitator menu on /start
    links = await scenario.create_session(admin, "Sessie Oost")
    sanne = world.person("Sanne")
    await scenario.join(sanne, links.participant["partner"])
    await sanne.send("/help")
    assert "Je doet mee aan Sessie Oost namens een partnerorganisatie." in sanne.last.text
    menu = {
        c["command"]: c["description"]
        for (scope, _lang), listed in world.standin.commands.items()
        if scope == f"chat:{admin.id}"
        for c in listed
    }
    assert menu["facilitator"] == "een link maken waarmee iemand gespreksleider wordt"


async def test_each_role_sees_the_commands_of_its_own_role(world: World) -> None:
    admin = world.admin()
    await admin.send("/start")
    participant = world.person("Sanne")
    english = world.person("Emma", lang="en")
    await participant.send("/start")
    assert world.standin.commands_for(participant.id, "nl") == [
        "help", "antwoorden", "annuleer", "privacy", "stop", "mijngegevens", "vergeetmij",
    ]  # fmt: skip
    assert world.standin.commands_for(english.id, "en") == [
        "help", "answers", "cancel", "privacy", "stop", "mydata", "forgetme",
    ]  # fmt: skip
    admin_menu = world.standin.commands_for(admin.id, "nl")
    # In the order of a session: prepare, run the rounds, make sense of them, agree, send.
    assert admin_menu[:15] == [
        "nieuw", "sessies", "status", "uitnodiging", "vragen", "open", "meelezen", "sluit",
        "herinner", "themas", "spiegel", "voorstellen", "actie", "samenvatting", "instellingen",
    ]  # fmt: skip
    assert "facilitator" in admin_menu


async def test_status_counts_answers_only_for_perspectives_someone_joined(world: World) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)  # four perspectives invited
    await scenario.join(world.person("Sanne"), links.participant["parent"])
    await scenario.join(world.person("Ahmed"), links.participant["worker"])
    await facilitator.send("/open")
    await facilitator.send("/status")
    status = facilitator.last.text
    assert "• Ouder/inwoner: 0 van 1 geantwoord" in status
    assert "• Gezinswerker: 0 van 1 geantwoord" in status
    assert "0 van 0" not in status
    assert "• Gemeente: 0\n" in status  # who joined still lists every invited perspective


async def test_before_any_round_a_participant_hears_the_first_round_has_not_started(
    world: World,
) -> None:
    facilitator = world.admin()
    links = await scenario.create_session(facilitator)
    sanne, ahmed = world.person("Sanne"), world.person("Ahmed")
    await scenario.join(sanne, links.participant["parent"])
    assert sanne.last.text == (
        "De eerste ronde is nog niet begonnen. Ik stuur je de vraag als die begint."
    )
    await sanne.send("/help")
    assert "De eerste ronde is nog niet begonnen." in sanne.last.text
    await sanne.send("Mag ik al iets zeggen?")
    assert sanne.last.text.endswith("Ik stuur je een bericht als er een ronde begint.")
    await facilitator.send("/open")
    await facilitator.send("/sluit")
    await scenario.join(ahmed, links.participant["worker"])
    assert ahmed.last.text.startswith("De volgende ronde is nog niet begonnen.")
    await ahmed.send("/help")
    assert "als de volgende ronde begint" in ahmed.last.text


async def test_a_toggle_button_says_what_a_tap_does(world: World) -> None:
    facilitator = world.admin()
    await scenario.create_session(facilitator)
    await facilitator.send("/instellingen")
    assert "Stille uren staan aan" in facilitator.last.text  # the state, in the message
    assert facilitator.last.labels[0] == "🌙 Stille uren uitzetten"  # the action, on the button
    await facilitator.press("Stille uren uitzetten")
    assert "Stille uren staan uit" in facilitator.last.text
    assert facilitator.last.labels[0] == "🌙 Stille uren aanzetten"


async def test_the_welcome_says_the_role_in_a_sentence(world: World) -> None:
    admin = world.admin()
    links = await scenario.create_session(admin, "Sessie Oost")
    sanne, tom = world.person("Sanne"), world.person("Tom", lang="en")
    await sanne.open_link(links.participant["parent"])
    await tom.open_link(links.participant["worker"])
    assert "Je doet mee als ouder of inwoner." in sanne.last.text
    assert "You're taking part as a family worker." in tom.last.text
    assert "als:" not in sanne.last.text
