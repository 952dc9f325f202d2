"""Handlers for grouping answers into themes: the overview, sorting one answer at a time
(one message, edited at each step), typed themes, renaming and merging.

The rules and the suggestions are in flows/themes.py; the words in reports/.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot import callback_data as cb
from bot import keyboards
from bot.context import BotContext
from bot.handlers.steps import extra, row, typed
from bot.replies import edit, flow_error_text, replace_buttons, send
from flows import dialogue
from flows import themes as flow
from flows.errors import AnswerGone, Gone
from flows.guided import Guided, ThemeStep
from flows.records import ThemeRecord
from flows.themes import OverviewPage, Placed, Screen
from reports import themes as texts
from reports.i18n import Texts
from reports.render import render

REVISIT = "r"  # a sorting page's mark that the answer on screen was skipped before


async def overview(update: Update, context: BotContext) -> None:
    """Show the themes with their counts and what is left to sort."""
    shown = await flow.overview_page(context.db, context.session_id)
    await send(update, context, _overview_text(context, shown), _overview_buttons(context, shown))


async def turn_overview_page(update: Update, context: BotContext) -> None:
    """Show another page of the themes with their counts, in the same message."""
    shown = await flow.overview_page(context.db, row(context), _number(extra(context)))
    await edit(update, _overview_text(context, shown), _overview_buttons(context, shown))


async def sort_round(update: Update, context: BotContext) -> None:
    """Show the next unsorted answer of a closed round."""
    await _next(update, context, row(context), _number(extra(context)))


async def revisit_skipped(update: Update, context: BotContext) -> None:
    """Show the next skipped answer of a round again."""
    round_id, _dot, after = extra(context).partition(".")
    screen = await flow.next_screen(
        context.db,
        context.services.similarity,
        row(context),
        _number(round_id),
        skipped_after=_number(after),
    )
    if screen is None:
        await _round_done(update, context, row(context), _number(round_id))
        return
    await edit(update, _screen_text(context, screen), _screen_buttons(context, screen, True))


async def turn_sort_page(update: Update, context: BotContext) -> None:
    """Show another page of themes for the answer on screen; the answer stays."""
    page, _dot, mark = extra(context).partition(".")
    screen = await flow.screen_for(
        context.db, context.services.similarity, _session(context), row(context)
    )
    await replace_buttons(update, _screen_buttons(context, screen, mark == REVISIT, _number(page)))


async def put_in_theme(update: Update, context: BotContext) -> None:
    """Put the answer on screen in the theme chosen."""
    placed = await flow.place(
        context.db,
        context.clock,
        context.services.similarity,
        _session(context),
        row(context),
        _number(extra(context)),
    )
    await _after_placing(update, context, placed)


async def skip_answer(update: Update, context: BotContext) -> None:
    """Skip the answer on screen for now and show the next."""
    placed = await flow.place(
        context.db,
        context.clock,
        context.services.similarity,
        _session(context),
        row(context),
        None,
    )
    if placed.theme is not None:
        # Another leader sorted it meanwhile: say where it is, rather than "skipped".
        await _after_placing(update, context, placed)
        return
    await _next(
        update, context, placed.session.id, placed.round.round.id, texts.skipped(context.texts)
    )


async def new_theme(update: Update, context: BotContext) -> None:
    """Propose a name for a new theme holding the answer on screen; ask to take it or type one."""
    session_id = _session(context)
    screen = await flow.screen_for(
        context.db, context.services.similarity, session_id, row(context)
    )
    # The step keeps a mark of the name proposed: it depends on which alike answers are still
    # unsorted, and a tap on it must make the theme the button showed, or none.
    data: dict[str, object] = {"session_id": session_id, "contribution_id": screen.answer.id}
    if screen.proposed_name is not None:
        data["proposed"] = flow.name_mark(screen.proposed_name)
    await dialogue.begin(
        context.db, context.clock, context.actor, Guided.THEMES, ThemeStep.NAME, data
    )
    buttons = []
    if screen.proposed_name is not None:
        label = "✓ " + texts.short(screen.proposed_name)
        buttons.append([_button(label, cb.encode(cb.THEME_NAME, screen.answer.id))])
    text = render(context.actor.lang, "telegram/theme_name.j2", s=screen)
    await edit(update, text, InlineKeyboardMarkup(buttons) if buttons else None)


async def take_proposed_name(update: Update, context: BotContext) -> None:
    """Make the new theme under the name the button showed and put the answer in it."""
    current = context.actor.dialogue
    if (
        current is None
        or (current.flow, current.step) != (Guided.THEMES, ThemeStep.NAME)
        or current.data.get("contribution_id") != row(context)
    ):
        # The name was typed (or the step stopped) since: the proposal above is an old
        # button, and taking it would move the answer to a theme of a second name.
        raise Gone()
    session_id = _session(context)
    screen = await flow.screen_for(
        context.db, context.services.similarity, session_id, row(context)
    )
    name = flow.proposal_shown(screen, current.data.get("proposed"))
    if name is None:
        # Another leader sorted what the name was made of: show the name proposed now.
        await new_theme(update, context)
        context.toast = str(texts.name_changed(context.texts))
        return
    placed = await flow.place_in_new(
        context.db, context.clock, context.services.similarity, session_id, screen.answer.id, name
    )
    await dialogue.end(context.db, context.actor)
    await _after_placing(update, context, placed)


async def theme_name_typed(update: Update, context: BotContext) -> None:
    """Make the new theme under the name typed and put the answer in it."""
    current = context.actor.dialogue
    contribution_id = None if current is None else current.data.get("contribution_id")
    if not isinstance(contribution_id, int):
        raise Gone()
    placed = await dialogue.conclude(
        context.db,
        context.actor,
        Guided.THEMES,
        flow.place_in_new(
            context.db,
            context.clock,
            context.services.similarity,
            row(context),
            contribution_id,
            typed(update),
        ),
    )
    await _after_placing(update, context, placed, new_message=True)


async def also_in_theme(update: Update, context: BotContext) -> None:
    """Put an alike answer in the theme the message named, with the answer just sorted."""
    # A button of the old kind names no theme: it no longer works.
    anchor, _dot, theme = extra(context).partition(".")
    placed = await flow.place_alike(
        context.db,
        context.clock,
        context.services.similarity,
        _session(context),
        row(context),
        _number(anchor),
        _number(theme),
    )
    await _after_placing(update, context, placed)


async def after_answer_gone(update: Update, context: BotContext) -> None:
    """The answer on screen was erased by its writer meanwhile: say so, and show the next."""
    gone = flow_error_text(context.texts, AnswerGone())
    session_id = context.session_id
    screen = await flow.next_unsorted(context.db, context.services.similarity, session_id)
    if screen is None:
        shown = await flow.overview_page(context.db, session_id)
        text = str(gone) + "\n\n" + _overview_text(context, shown)
        await edit(update, text, _overview_buttons(context, shown))
        return
    await edit(
        update, _screen_text(context, screen, gone), _screen_buttons(context, screen, False)
    )


async def add_themes(update: Update, context: BotContext) -> None:
    """Ask for the themes to add, typed one per line or separated by commas."""
    await dialogue.begin(
        context.db,
        context.clock,
        context.actor,
        Guided.THEMES,
        ThemeStep.ADD,
        {"session_id": row(context)},
    )
    await send(update, context, texts.type_themes(context.texts))


async def themes_typed(update: Update, context: BotContext) -> None:
    """Add the typed themes, then show the overview."""
    added = await flow.add_themes(context.db, context.clock, row(context), typed(update))
    await dialogue.end(context.db, context.actor)
    names = [theme.name for theme in added.added]
    await send(update, context, texts.added(context.texts, names, added.existing))
    last = added.added[-1].id if added.added else None
    shown = await flow.overview_page(context.db, row(context), holding=last)
    await send(update, context, _overview_text(context, shown), _overview_buttons(context, shown))


def _one_per_theme(
    _: Texts,
    themes: Sequence[ThemeRecord],
    choose: Callable[[ThemeRecord], str],
    page: int,
    turn_to: Callable[[int], str],
) -> InlineKeyboardMarkup:
    """A button per theme, one page of them at a time: `choose` gives a theme's callback data,
    `turn_to` a page's."""
    return InlineKeyboardMarkup(
        keyboards.theme_rows(
            _,
            themes,
            page,
            lambda theme: _button(texts.short(theme.name), choose(theme)),
            turn_to,
            per_row=1,
        )
    )


async def _show_list(
    update: Update, context: BotContext, text: str, keyboard: InlineKeyboardMarkup
) -> None:
    """A list of themes: asked for anew in a message of its own, a page turned in place."""
    if _page(context) is None:
        await send(update, context, text, keyboard)
    else:
        await replace_buttons(update, keyboard)


async def choose_to_rename(update: Update, context: BotContext) -> None:
    """Ask which theme to rename."""
    found = await flow.overview(context.db, row(context))
    keyboard = _one_per_theme(
        context.texts,
        [t.theme for t in found.themes],
        lambda theme: cb.encode(cb.THEME_RENAME, theme.id),
        _page(context) or 0,
        lambda page: cb.encode(cb.THEMES_RENAME, found.session.id, str(page)),
    )
    await _show_list(update, context, texts.pick_to_rename(context.texts), keyboard)


async def rename_theme(update: Update, context: BotContext) -> None:
    """Ask for a theme's new name."""
    theme = await flow.get(context.db, row(context))
    await dialogue.begin(
        context.db,
        context.clock,
        context.actor,
        Guided.THEMES,
        ThemeStep.RENAME,
        {"session_id": theme.session_id, "theme_id": theme.id},
    )
    await edit(update, texts.type_new_name(context.texts, theme.name))


async def new_name_typed(update: Update, context: BotContext) -> None:
    """Rename the theme, then show the overview."""
    current = context.actor.dialogue
    theme_id = None if current is None else current.data.get("theme_id")
    if not isinstance(theme_id, int):
        raise Gone()
    theme = await dialogue.conclude(
        context.db, context.actor, Guided.THEMES, flow.rename(context.db, theme_id, typed(update))
    )
    await send(update, context, texts.renamed(context.texts, theme.name))
    shown = await flow.overview_page(context.db, theme.session_id, holding=theme.id)
    await send(update, context, _overview_text(context, shown), _overview_buttons(context, shown))


async def choose_to_merge(update: Update, context: BotContext) -> None:
    """Ask which theme to merge into another."""
    found = await flow.overview(context.db, row(context))
    keyboard = _one_per_theme(
        context.texts,
        [t.theme for t in found.themes],
        lambda theme: cb.encode(cb.THEME_MERGE, theme.id),
        _page(context) or 0,
        lambda page: cb.encode(cb.THEMES_MERGE, found.session.id, str(page)),
    )
    await _show_list(update, context, texts.pick_to_merge(context.texts), keyboard)


async def choose_kept_theme(update: Update, context: BotContext) -> None:
    """Ask which theme the chosen one is merged into."""
    theme = await flow.get(context.db, row(context))
    found = await flow.overview(context.db, theme.session_id)
    page = _page(context)
    keyboard = _one_per_theme(
        context.texts,
        [t.theme for t in found.themes if t.theme.id != theme.id],
        lambda kept: cb.encode(cb.THEME_MERGE_INTO, theme.id, str(kept.id)),
        page or 0,
        lambda turned: cb.encode(cb.THEME_MERGE, theme.id, str(turned)),
    )
    if page is None:
        await edit(update, texts.pick_kept(context.texts, theme.name), keyboard)
    else:
        await replace_buttons(update, keyboard)


async def merge_themes(update: Update, context: BotContext) -> None:
    """Merge the chosen theme into the kept one; its answers move there."""
    kept = await flow.merge(context.db, row(context), _number(extra(context)))
    await edit(update, texts.merged(context.texts, kept.name))
    shown = await flow.overview_page(context.db, kept.session_id, holding=kept.id)
    await send(update, context, _overview_text(context, shown), _overview_buttons(context, shown))


async def _after_placing(
    update: Update, context: BotContext, placed: Placed, *, new_message: bool = False
) -> None:
    """Offer the alike answers for the same theme, or go on to the next answer."""
    _ = context.texts
    if placed.theme is not None and placed.alike:
        text = render(context.actor.lang, "telegram/theme_placed.j2", p=placed)
        also = f"{placed.answer.id}.{placed.theme.id}"
        buttons = [
            _button(texts.also(_, index), cb.encode(cb.THEME_ALSO, a.id, also))
            for index, a in enumerate(placed.alike, start=1)
        ]
        next_button = _button(
            texts.next_answer(_),
            cb.encode(cb.THEMES_SORT, placed.session.id, str(placed.round.round.id)),
        )
        keyboard = InlineKeyboardMarkup([buttons, [next_button]])
        await (
            send(update, context, text, keyboard) if new_message else edit(update, text, keyboard)
        )
        return
    done = texts.put_in(_, placed.theme.name) if placed.theme is not None else texts.skipped(_)
    await _next(
        update, context, placed.session.id, placed.round.round.id, done, new_message=new_message
    )


async def _next(
    update: Update,
    context: BotContext,
    session_id: int,
    round_id: int,
    done: str | None = None,
    *,
    new_message: bool = False,
) -> None:
    screen = await flow.next_screen(context.db, context.services.similarity, session_id, round_id)
    if screen is None:
        await _round_done(update, context, session_id, round_id, new_message=new_message)
        return
    text = _screen_text(context, screen, done)
    keyboard = _screen_buttons(context, screen, False)
    await (send(update, context, text, keyboard) if new_message else edit(update, text, keyboard))


async def _round_done(
    update: Update,
    context: BotContext,
    session_id: int,
    round_id: int,
    *,
    new_message: bool = False,
) -> None:
    shown = await flow.overview_page(context.db, session_id)
    counted = next((r for r in shown.overview.rounds if r.round.id == round_id), None)
    done = (
        texts.round_done(context.texts, counted.unsorted, counted.skipped)
        if counted is not None
        else texts.round_done(context.texts)
    )
    text = str(done) + "\n\n" + _overview_text(context, shown)
    keyboard = _overview_buttons(context, shown)
    await (send(update, context, text, keyboard) if new_message else edit(update, text, keyboard))


def _overview_text(context: BotContext, shown: OverviewPage) -> str:
    return render(context.actor.lang, "telegram/themes.j2", p=shown, o=shown.overview)


def _overview_buttons(context: BotContext, shown: OverviewPage) -> InlineKeyboardMarkup:
    _ = context.texts
    found = shown.overview
    session_id = found.session.id
    rows: list[list[InlineKeyboardButton]] = []
    for counted in found.rounds:
        if counted.unsorted:
            label = texts.sort_round(_, counted.number, counted.unsorted)
            rows.append(
                [_button(label, cb.encode(cb.THEMES_SORT, session_id, str(counted.round.id)))]
            )
        if counted.skipped:
            label = texts.revisit_round(_, counted.number, counted.skipped)
            data = cb.encode(cb.THEMES_SKIPPED, session_id, f"{counted.round.id}.0")
            rows.append([_button(label, data)])
    rows.append([_button(texts.add_themes(_), cb.encode(cb.THEMES_ADD, session_id))])
    changes = []
    if found.themes:
        changes.append(_button(texts.rename(_), cb.encode(cb.THEMES_RENAME, session_id)))
    if len(found.themes) > 1:
        changes.append(_button(texts.merge(_), cb.encode(cb.THEMES_MERGE, session_id)))
    if changes:
        rows.append(changes)
    rows += keyboards.page_turns(
        shown.shown,
        lambda page: cb.encode(cb.THEMES_PAGE, session_id, str(page)),
        str(texts.more_themes(_)),
    )
    return InlineKeyboardMarkup(rows)


def _screen_text(context: BotContext, screen: Screen, done: str | None = None) -> str:
    return render(context.actor.lang, "telegram/theme_sort.j2", s=screen, done=done)


def _screen_buttons(
    context: BotContext, screen: Screen, revisit: bool, page: int = 0
) -> InlineKeyboardMarkup:
    """Suggested themes first (marked ⭐), then a page of the others, a new theme, and skip."""
    _ = context.texts
    answer = screen.answer.id
    rows = [
        [_button("⭐ " + texts.short(t.name), cb.encode(cb.THEME_PUT, answer, str(t.id)))]
        for t in screen.suggested
    ]
    mark = "." + REVISIT if revisit else ""
    # Besides the suggested ones and the fixed ones, a page of the others.
    rows += keyboards.theme_rows(
        _,
        screen.others,
        page,
        lambda t: _button(texts.short(t.name), cb.encode(cb.THEME_PUT, answer, str(t.id))),
        lambda turned: cb.encode(cb.THEME_PAGE, answer, f"{turned}{mark}"),
        per_row=2,
    )
    if revisit:
        data = cb.encode(cb.THEMES_SKIPPED, screen.session.id, f"{screen.round.round.id}.{answer}")
    else:
        data = cb.encode(cb.THEME_SKIP, answer)
    rows.append(
        [
            _button(texts.new_theme(_), cb.encode(cb.THEME_NEW, answer)),
            _button(texts.skip(_), data),
        ]
    )
    return InlineKeyboardMarkup(rows)


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(str(text), callback_data=data)


def _session(context: BotContext) -> int:
    """The session the guard found for the row of the pressed button."""
    grant = context.grant
    if grant is None or grant.session is None:
        raise Gone()
    return grant.session.id


def _page(context: BotContext) -> int | None:
    """The page a button turns a list of themes to; None when the list is asked for anew."""
    if context.press is None or context.press.extra is None:
        return None
    return _number(context.press.extra)


def _number(text: str) -> int:
    found = cb.number(text)
    if found is None:
        raise Gone()
    return found
