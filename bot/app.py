"""The wiring: every command, button and dialogue step, with who may use it.

Read this file as the bot's table of contents. Each line names what a person does,
the act it is checked as (flows/access.py holds who may do which act), what row
it is about, and the handler that does it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from telegram import Update
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot import callback_data as cb
from bot.config import Settings
from bot.connections import SlottedRequest
from bot.context import BotContext
from bot.errorhandler import on_error
from bot.guard import Handler, explain, guard, run_authorised
from bot.handlers import (
    actions,
    board,
    common,
    exports,
    facilitator,
    handover,
    mirror,
    participant,
    privacy,
    progress,
    proposals,
    questions,
    summary,
    themes,
    timing,
    watching,
    web_links,
)
from bot.inbox import POLL_READ_TIMEOUT, InboxApplication
from bot.outgoing import LINK_PREVIEW_OPTIONS
from bot.pacing import Pacer
from bot.updates import PerChatUpdateProcessor
from flows import dialogue
from flows.access import Act, TargetKind
from flows.errors import FlowError
from flows.guided import STEPS as GUIDED_STEPS
from flows.guided import (
    ActionStep,
    Guided,
    NewSessionStep,
    ProgressStep,
    ProposalStep,
    QuestionStep,
    SummaryStep,
    ThemeStep,
)
from reports.labels import COMMANDS as COMMAND_NAMES

NONE = TargetKind.NONE
ACTIVE = TargetKind.ACTIVE_SESSION
SESSION = TargetKind.SESSION

# command (English name; the Dutch one is in reports/labels.py), act, target, handler
COMMANDS: list[tuple[str, Act, TargetKind, Handler]] = [
    ("start", Act.START, NONE, common.start),
    ("help", Act.HELP, NONE, common.help_command),
    ("cancel", Act.HELP, NONE, common.cancel),
    ("answers", Act.LIST_OWN, NONE, participant.list_answers),
    ("new", Act.NEW_SESSION, NONE, facilitator.new_session),
    ("sessions", Act.LIST_SESSIONS, NONE, facilitator.list_sessions),
    ("status", Act.STATUS, ACTIVE, facilitator.status),
    ("invite", Act.STATUS, ACTIVE, facilitator.invite_links),
    ("open", Act.OPEN_ROUND, ACTIVE, timing.open_round),
    ("close", Act.CLOSE_ROUND, ACTIVE, timing.close_round),
    ("remind", Act.REMIND, ACTIVE, timing.remind),
    ("settings", Act.SET_TIMING, ACTIVE, timing.settings),
    ("action", Act.ADD_ACTION, ACTIVE, actions.new_action),
    ("summary", Act.PREVIEW_SUMMARY, ACTIVE, summary.preview),
    ("facilitator", Act.GRANT_FACILITATOR, NONE, facilitator.facilitator_link),
    ("cohost", Act.ADD_CO_FACILITATOR, ACTIVE, facilitator.co_facilitator_link),
    ("board", Act.BOARD_LINK, ACTIVE, board.board_link),
    ("privacy", Act.PRIVACY, NONE, privacy.privacy),
    ("stop", Act.STOP, NONE, privacy.stop),
    ("mydata", Act.EXPORT_OWN, NONE, privacy.my_data),
    ("forgetme", Act.FORGET_ME, NONE, privacy.forget_me),
    ("web", Act.WEB_LINK, NONE, web_links.personal_link),
    # -- watching a round, the questions (commands)
    ("watch", Act.WATCH_ROUND, ACTIVE, watching.watch),
    ("questions", Act.SET_QUESTIONS, ACTIVE, questions.questions),
    #
    # -- themes (commands)
    ("themes", Act.SORT_ANSWERS, ACTIVE, themes.overview),
    #
    # -- mirror, recognition, proposals (commands)
    ("mirror", Act.SHARE_MIRROR, ACTIVE, mirror.share_mirror),
    ("proposals", Act.AGREE_PROPOSAL, ACTIVE, proposals.leader_proposals),
    #
    # -- the reviewed summary (commands)
    #
    # -- the report and the exports (commands)
    ("export", Act.EXPORT, TargetKind.FOLLOWED_SESSION, exports.export),
    #
]

# button prefix, act, target (the row named in the button), handler
BUTTONS: list[tuple[str, Act, TargetKind, Handler]] = [
    (cb.JOIN_YES, Act.JOIN, NONE, participant.consent_yes),
    (cb.JOIN_NO, Act.JOIN, NONE, participant.consent_no),
    (cb.SHOW_NAME, Act.SET_DISPLAY, TargetKind.PARTICIPANT, participant.show_name),
    (cb.SHOW_PSEUDONYM, Act.SET_DISPLAY, TargetKind.PARTICIPANT, participant.show_pseudonym),
    (cb.SHOW_ANONYMOUS, Act.SET_DISPLAY, TargetKind.PARTICIPANT, participant.show_anonymous),
    (cb.SUMMARY_YES, Act.SET_SUMMARY_WISH, TargetKind.PARTICIPANT, participant.summary_yes),
    (cb.SUMMARY_NO, Act.SET_SUMMARY_WISH, TargetKind.PARTICIPANT, participant.summary_no),
    (cb.ANSWERS_LIST, Act.LIST_OWN, NONE, participant.list_answers),
    (cb.ANSWER_EDIT, Act.EDIT_OWN, TargetKind.CONTRIBUTION, participant.edit_answer),
    (cb.ANSWER_KEEP, Act.EDIT_OWN, TargetKind.CONTRIBUTION, participant.keep_answer),
    (cb.ANSWER_DELETE, Act.DELETE_OWN, TargetKind.CONTRIBUTION, participant.delete_answer),
    (
        cb.ANSWER_DELETE_OK,
        Act.DELETE_OWN,
        TargetKind.CONTRIBUTION,
        participant.delete_answer_confirmed,
    ),
    (cb.ANSWER_FOR, Act.ASSIGN_PENDING, TargetKind.PENDING, participant.answer_for),
    (cb.FLAGGED_MASK, Act.DECIDE_FLAGGED, TargetKind.CONTRIBUTION, participant.hide_details),
    (cb.FLAGGED_KEEP, Act.DECIDE_FLAGGED, TargetKind.CONTRIBUTION, participant.keep_details),
    (cb.CONSENT_AGAIN, Act.RENEW_CONSENT, TargetKind.PARTICIPANT, privacy.consent_again),
    (cb.LEAVE_ASK, Act.LEAVE, TargetKind.PARTICIPANT, privacy.leave_ask),
    (cb.LEAVE_KEEP, Act.LEAVE, TargetKind.PARTICIPANT, privacy.leave_keeping_answers),
    (cb.LEAVE_ERASE, Act.LEAVE, TargetKind.PARTICIPANT, privacy.leave_erasing_answers),
    (cb.LEAVE_CANCEL, Act.LEAVE, TargetKind.PARTICIPANT, privacy.leave_cancelled),
    (cb.FORGET_YES, Act.FORGET_ME, NONE, privacy.forget_confirmed),
    (cb.FORGET_NO, Act.FORGET_ME, NONE, privacy.forget_cancelled),
    (cb.NEW_THEME, Act.NEW_SESSION, NONE, facilitator.theme_chosen),
    (cb.NEW_PERSPECTIVE, Act.NEW_SESSION, NONE, facilitator.perspective_toggled),
    (cb.NEW_DONE, Act.NEW_SESSION, NONE, facilitator.create_session),
    (cb.SESSION_PICK, Act.SELECT_SESSION, SESSION, facilitator.pick_session),
    (cb.SESSIONS_PAGE, Act.LIST_SESSIONS, NONE, facilitator.turn_sessions_page),
    (cb.ACTION_WHO, Act.ADD_ACTION, SESSION, actions.owner_chosen),
    (cb.ACTION_DUE, Act.ADD_ACTION, SESSION, actions.due_chosen),
    (cb.ACTION_EDIT, Act.EDIT_ACTION, TargetKind.ACTION, actions.edit_action),
    (cb.ACTION_FIELD, Act.EDIT_ACTION, TargetKind.ACTION, actions.edit_field),
    (cb.ACTION_DROP, Act.DROP_ACTION, TargetKind.ACTION, actions.drop_action),
    (cb.ACTION_HAND_OVER, Act.HAND_OVER_ACTION, TargetKind.ACTION, handover.hand_over),
    (cb.ACTIONS_PAGE, Act.EDIT_ACTION, SESSION, actions.turn_list_page),
    (cb.TAKE_YES, Act.TAKE_ACTION, NONE, handover.take_yes),
    (cb.TAKE_NO, Act.TAKE_ACTION, NONE, handover.take_no),
    (cb.GIVE_BACK, Act.GIVE_BACK_ACTION, TargetKind.ACTION, handover.give_back),
    (cb.SUMMARY_SEND, Act.SEND_SUMMARY, SESSION, summary.send_summary),
    (cb.INVITES_RENEW, Act.MANAGE_INVITES, SESSION, facilitator.renew_invites),
    (cb.INVITES_CLOSE, Act.MANAGE_INVITES, SESSION, facilitator.close_joins),
    (cb.INVITES_OPEN, Act.MANAGE_INVITES, SESSION, facilitator.open_joins),
    (cb.INVITES_VALIDITY, Act.MANAGE_INVITES, SESSION, facilitator.set_link_validity),
    (cb.INVITE_CARDS, Act.STATUS, SESSION, web_links.invite_cards),
    (cb.REMOVE_ASK, Act.REMOVE_PARTICIPANT, TargetKind.PARTICIPANT, facilitator.ask_removal),
    (
        cb.REMOVE_OK,
        Act.REMOVE_PARTICIPANT,
        TargetKind.PARTICIPANT,
        facilitator.removal_confirmed,
    ),
    (
        cb.REMOVE_NO,
        Act.REMOVE_PARTICIPANT,
        TargetKind.PARTICIPANT,
        facilitator.removal_cancelled,
    ),
    (cb.DEADLINE_SET, Act.SET_TIMING, SESSION, timing.set_deadline),
    (cb.DEADLINE_MORE, Act.SET_TIMING, SESSION, timing.extend_deadline),
    (cb.DEADLINE_CLOSE, Act.CLOSE_ROUND, SESSION, timing.close_now),
    (cb.SETTING_QUIET, Act.SET_TIMING, SESSION, timing.toggle_quiet_hours),
    (cb.SETTING_REMINDERS, Act.SET_TIMING, SESSION, timing.choose_reminders),
    (cb.PROGRESS, Act.REPORT_PROGRESS, TargetKind.ACTION, progress.status_chosen),
    (cb.PROGRESS_NO_NOTE, Act.REPORT_PROGRESS, TargetKind.ACTION, progress.no_note),
    # -- watching a round, the questions (buttons)
    (cb.WATCH_PAGE, Act.WATCH_ROUND, SESSION, watching.watch_page),
    (cb.QUESTION_ROUND, Act.SET_QUESTIONS, SESSION, questions.round_chosen),
    (cb.QUESTION_FOR, Act.SET_QUESTIONS, SESSION, questions.readers_chosen),
    (cb.QUESTION_DEFAULT, Act.SET_QUESTIONS, SESSION, questions.default_chosen),
    #
    # -- themes (buttons)
    (cb.THEMES_SORT, Act.SORT_ANSWERS, SESSION, themes.sort_round),
    (cb.THEMES_SKIPPED, Act.SORT_ANSWERS, SESSION, themes.revisit_skipped),
    (cb.THEMES_ADD, Act.SORT_ANSWERS, SESSION, themes.add_themes),
    (cb.THEMES_PAGE, Act.SORT_ANSWERS, SESSION, themes.turn_overview_page),
    (cb.THEMES_RENAME, Act.SORT_ANSWERS, SESSION, themes.choose_to_rename),
    (cb.THEMES_MERGE, Act.SORT_ANSWERS, SESSION, themes.choose_to_merge),
    (cb.THEME_PUT, Act.SORT_ANSWERS, TargetKind.CONTRIBUTION, themes.put_in_theme),
    (cb.THEME_PAGE, Act.SORT_ANSWERS, TargetKind.CONTRIBUTION, themes.turn_sort_page),
    (cb.THEME_SKIP, Act.SORT_ANSWERS, TargetKind.CONTRIBUTION, themes.skip_answer),
    (cb.THEME_NEW, Act.SORT_ANSWERS, TargetKind.CONTRIBUTION, themes.new_theme),
    (cb.THEME_NAME, Act.SORT_ANSWERS, TargetKind.CONTRIBUTION, themes.take_proposed_name),
    (cb.THEME_ALSO, Act.SORT_ANSWERS, TargetKind.CONTRIBUTION, themes.also_in_theme),
    (cb.THEME_RENAME, Act.SORT_ANSWERS, TargetKind.THEME, themes.rename_theme),
    (cb.THEME_MERGE, Act.SORT_ANSWERS, TargetKind.THEME, themes.choose_kept_theme),
    (cb.THEME_MERGE_INTO, Act.SORT_ANSWERS, TargetKind.THEME, themes.merge_themes),
    #
    # -- mirror, recognition, proposals (buttons)
    (cb.RECOGNISE, Act.RECOGNISE, TargetKind.CONTRIBUTION, mirror.recognise),
    (cb.MIRROR_PAGE, Act.RECOGNISE, SESSION, mirror.turn_mirror_page),
    (cb.MIRROR_UNSORTED, Act.SHARE_MIRROR, SESSION, mirror.share_without_themes),
    (cb.MIRROR_ROUND, Act.SHARE_MIRROR, SESSION, mirror.share_earlier_round),
    (cb.PROPOSE, Act.PROPOSE, TargetKind.PARTICIPANT, proposals.propose_start),
    (cb.PROPOSALS, Act.PROPOSE, TargetKind.PARTICIPANT, proposals.list_proposals),
    (cb.PROPOSAL_BACK, Act.ENDORSE, TargetKind.PROPOSAL, proposals.endorse),
    (cb.PROPOSAL_AGREE, Act.AGREE_PROPOSAL, TargetKind.PROPOSAL, proposals.agree),
    (cb.ACTION_THEME, Act.ADD_ACTION, TargetKind.ACTION, proposals.theme_chosen),
    (cb.ACTION_THEME_PAGE, Act.ADD_ACTION, TargetKind.ACTION, actions.turn_theme_page),
    #
    # -- the reviewed summary (buttons)
    (cb.SUMMARY_LIST, Act.EDIT_SUMMARY, SESSION, summary.answers_listed),
    (cb.SUMMARY_OUT, Act.EDIT_SUMMARY, TargetKind.CONTRIBUTION, summary.answer_toggled),
    (cb.SUMMARY_EDIT, Act.EDIT_SUMMARY, SESSION, summary.fact_asked),
    (cb.SUMMARY_INVITED, Act.EDIT_SUMMARY, SESSION, summary.invited_asked),
    (cb.SUMMARY_INVITED_ONE, Act.EDIT_SUMMARY, SESSION, summary.invited_one_asked),
    #
    # -- the report and the exports (buttons)
    #
]


# A button about an answer erased meanwhile: what the leader sees instead, to carry on.
AFTER_ANSWER_GONE: dict[str, Handler] = {
    **dict.fromkeys(
        (cb.THEME_PUT, cb.THEME_PAGE, cb.THEME_SKIP, cb.THEME_NEW, cb.THEME_NAME, cb.THEME_ALSO),
        themes.after_answer_gone,
    ),
    cb.SUMMARY_OUT: summary.after_answer_gone,
}


@dataclass(frozen=True, slots=True)
class Step:
    """A typed text in a guided dialogue: the act it is checked as, and its row in the data."""

    act: Act
    target: TargetKind
    row_key: str | None
    handler: Handler


# (dialogue, step) -> the handler of a typed text there; flows/guided.py declares the steps
# and the act each is checked as.
TYPED_IN_DIALOGUE: dict[tuple[str, str], Handler] = {
    (Guided.NEW_SESSION, NewSessionStep.TITLE): facilitator.title_typed,
    (Guided.NEW_SESSION, NewSessionStep.THEME): facilitator.theme_typed,
    (Guided.NEW_SESSION, NewSessionStep.PERSPECTIVES): facilitator.use_buttons,
    (Guided.NEW_ACTION, ActionStep.WHAT): actions.what_typed,
    (Guided.NEW_ACTION, ActionStep.WHO): actions.owner_typed,
    (Guided.NEW_ACTION, ActionStep.DUE): actions.due_typed,
    (Guided.EDIT_ACTION, ActionStep.WHAT): actions.edited_what_typed,
    (Guided.EDIT_ACTION, ActionStep.WHO): actions.edited_owner_typed,
    (Guided.EDIT_ACTION, ActionStep.DUE): actions.edited_due_typed,
    (Guided.PROGRESS_NOTE, ProgressStep.NOTE): progress.note_typed,
    # -- watching a round, the questions (typed steps)
    (Guided.QUESTION, QuestionStep.TEXT): questions.wording_typed,
    #
    # -- themes (typed steps)
    (Guided.THEMES, ThemeStep.ADD): themes.themes_typed,
    (Guided.THEMES, ThemeStep.NAME): themes.theme_name_typed,
    (Guided.THEMES, ThemeStep.RENAME): themes.new_name_typed,
    #
    # -- mirror, recognition, proposals (typed steps)
    (Guided.PROPOSAL, ProposalStep.TEXT): participant.proposal_typed,
    (Guided.NEW_ACTION, ActionStep.THEME): facilitator.use_buttons,
    (Guided.EDIT_ACTION, ActionStep.THEME): facilitator.use_buttons,
    #
    # -- the reviewed summary (typed steps)
    **{(Guided.SUMMARY_DRAFT, step): summary.fact_typed for step in SummaryStep},
    #
    # -- the report and the exports (typed steps)
    #
}

# (dialogue, step) -> what a typed text does there
DIALOGUE_STEPS: dict[tuple[str, str], Step] = {
    **{
        key: Step(rule.act, rule.target, rule.row_key, TYPED_IN_DIALOGUE[key])
        for key, rule in GUIDED_STEPS.items()
    },
    (participant.PSEUDONYM, participant.STEP_TEXT): Step(
        Act.SET_DISPLAY, TargetKind.PARTICIPANT, "participant_id", participant.pseudonym_typed
    ),
    (participant.EDIT_ANSWER, participant.STEP_TEXT): Step(
        Act.EDIT_OWN, TargetKind.CONTRIBUTION, "contribution_id", participant.edited_answer_typed
    ),
}


# A typed text outside a guided step: an answer. flows/answering.py checks the act where it
# stores the words (see `Act.ANSWER` in flows/access.py); a refusal is explained there.
ANSWER = Step(Act.ANSWER, NONE, None, participant.answer)


async def typed_text(update: Update, context: BotContext) -> None:
    """Keep a typed text as an answer at once, or let the guard find out what it is for."""
    if not await participant.answer_at_once(update, context):
        await guarded_typed_text(update, context)


async def route_typed_text(update: Update, context: BotContext) -> None:
    """Route a typed text to the dialogue step the person is in, or keep it as an answer.

    A step that can no longer be finished (what it is about went, or is no longer theirs)
    has ended: a participant's words are an answer as any, a leader's are refused with the
    reason (flows/dialogue.py decides)."""
    current = context.actor.dialogue
    step = None if current is None else DIALOGUE_STEPS.get((current.flow, current.step))
    if current is None or step is None:
        await ANSWER.handler(update, context)
        return
    row = current.data.get(step.row_key) if step.row_key else None
    try:
        grant = await dialogue.typed_step(context.db, context.actor, step.act, step.target, row)
    except FlowError as error:
        await explain(update, context, step.act, error)
        return
    if grant is None:
        await ANSWER.handler(update, context)
        return
    await run_authorised(update, context, step.act, step.target, row, step.handler, grant=grant)


guarded_typed_text = guard(Act.START, NONE, route_typed_text)


def register(app: Application) -> None:  # type: ignore[type-arg]
    """Attach every handler, in the order Telegram updates are matched."""
    private = filters.ChatType.PRIVATE
    # Typed answers are most of all updates, and no command or button looks like one:
    # matched first, they skip a look at every other handler.
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND,
            typed_text,
        )
    )
    for name, act, target, handler in COMMANDS:
        names = list(dict.fromkeys([name, COMMAND_NAMES[name]]))
        app.add_handler(CommandHandler(names, guard(act, target, handler)))
    for prefix, act, target, handler in BUTTONS:
        pattern = f"^{re.escape(prefix)}:"
        carry_on = AFTER_ANSWER_GONE.get(prefix)
        app.add_handler(
            CallbackQueryHandler(guard(act, target, handler, carry_on), pattern=pattern)
        )
    app.add_handler(CallbackQueryHandler(guard(Act.HELP, NONE, common.old_button)))
    app.add_handler(
        MessageHandler(
            filters.UpdateType.EDITED_MESSAGE & filters.TEXT & private,
            guard(Act.HELP, NONE, participant.message_edited),
        )
    )
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & filters.COMMAND,
            guard(Act.HELP, NONE, common.unknown_command),
        )
    )
    app.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & ~filters.StatusUpdate.ALL & private,
            guard(Act.HELP, NONE, common.other_input),
        )
    )
    app.add_handler(ChatMemberHandler(common.member_change, ChatMemberHandler.MY_CHAT_MEMBER))
    app.add_error_handler(on_error)


def build_application(settings: Settings, *, paced: bool = True) -> Application:  # type: ignore[type-arg]
    """The Telegram channel: the bot, its requests and every handler (app/root.py runs it).

    No updater: our own intake commits each update before it is queued (bot/inbox.py).
    `paced`: False only to measure the bot's own speed, without Telegram's 30 a second.
    """
    builder = (
        ApplicationBuilder()
        .token(settings.token)
        .base_url(settings.api_base_url or "https://api.telegram.org/bot")
        .defaults(Defaults(link_preview_options=LINK_PREVIEW_OPTIONS))
        # As many requests at once as Telegram's pace keeps busy, every send evenly spaced;
        # one long poll at a time.
        .request(SlottedRequest(pacer=Pacer() if paced else None))
        .get_updates_request(HTTPXRequest(connection_pool_size=1, read_timeout=POLL_READ_TIMEOUT))
        .updater(None)
        .application_class(InboxApplication)
        .context_types(ContextTypes(context=BotContext))
        .concurrent_updates(PerChatUpdateProcessor())
    )
    if paced:
        builder = builder.rate_limiter(AIORateLimiter(max_retries=3))  # retries a 429
    app = builder.build()
    register(app)
    return app
