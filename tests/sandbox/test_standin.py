"""The local Bot API stand-in refuses what Telegram refuses, so green here is green there."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, RetryAfter

from sandbox.standin import FloodLimits, StandIn

USER = 501


@pytest.fixture
async def standin() -> AsyncIterator[StandIn]:
    server = StandIn()
    await server.start()
    server.add_user(USER, "Sanne")
    server.send_text(USER, "/start")
    yield server
    await server.stop()


@pytest.fixture
async def bot(standin: StandIn) -> AsyncIterator[Bot]:
    async with Bot(standin.token, base_url=standin.base_url) as client:
        yield client


@pytest.mark.parametrize(
    "markup",
    [
        "<div>blok</div>",  # not one of Telegram's tags
        "<b>open",  # never closed
        "<b><i>kruis</b></i>",  # crossed
        "a & b",  # a bare ampersand
        "&nbsp;",  # a named entity Telegram does not know
        "<span>zonder klasse</span>",
        "1 < 2",
    ],
)
async def test_broken_html_is_refused(bot: Bot, markup: str) -> None:
    with pytest.raises(BadRequest, match="an't parse entities"):
        await bot.send_message(USER, markup, parse_mode="HTML")


async def test_telegram_html_and_numeric_entities_pass(bot: Bot, standin: StandIn) -> None:
    markup = (
        '<b>vet</b> <i>schuin</i> <a href="https://example.org">link</a> '
        '<span class="tg-spoiler">geheim</span> &lt;&gt;&amp;&quot; &#128512; &#x1F600;'
    )
    await bot.send_message(USER, markup, parse_mode="HTML")
    assert standin.bot_messages(USER)[-1].text == 'vet schuin link geheim <>&" 😀 😀'


async def test_length_is_counted_after_parsing_in_utf16_units(bot: Bot) -> None:
    await bot.send_message(USER, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(USER, "a" * 4097)
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(USER, "😀" * 2049)  # 4098 UTF-16 code units


async def test_empty_texts_and_oversized_callback_data_are_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="empty"):
        await bot.send_message(USER, "<b> </b>", parse_mode="HTML")
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(USER, "kies", reply_markup=too_long)
    fits = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 32)]])
    await bot.send_message(USER, "kies", reply_markup=fits)


async def test_keyboards_beyond_100_buttons_or_8_a_row_are_refused(bot: Bot) -> None:
    def keyboard(rows: int, per_row: int) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup(
            [
                [InlineKeyboardButton("x", callback_data=f"{r}.{b}") for b in range(per_row)]
                for r in range(rows)
            ]
        )

    await bot.send_message(USER, "kies", reply_markup=keyboard(25, 4))  # 100 buttons fit
    with pytest.raises(BadRequest, match=r"(?i)reply markup is too long"):
        await bot.send_message(USER, "kies", reply_markup=keyboard(101, 1))
    with pytest.raises(BadRequest, match=r"(?i)button_rows"):
        await bot.send_message(USER, "kies", reply_markup=keyboard(1, 9))


async def test_deep_link_payloads_must_fit_telegram(bot: Bot) -> None:
    await bot.send_message(USER, "https://t.me/DialoogbotSandboxBot?start=" + "a" * 64)
    with pytest.raises(BadRequest, match=r"(?i)deep link"):
        await bot.send_message(USER, "https://t.me/DialoogbotSandboxBot?start=" + "a" * 65)
    with pytest.raises(BadRequest, match=r"(?i)deep link"):
        await bot.send_message(USER, "https://t.me/DialoogbotSandboxBot?start=a+b")


async def test_people_who_never_started_or_blocked_the_bot_cannot_be_written(
    bot: Bot, standin: StandIn
) -> None:
    standin.add_user(502, "Nooit")
    with pytest.raises(Forbidden, match="can't initiate conversation"):
        await bot.send_message(502, "Hallo")
    standin.block(USER)
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(USER, "Hallo")


async def test_a_test_can_make_it_answer_429(bot: Bot, standin: StandIn) -> None:
    standin.throttle(method="sendMessage", retry_after=7)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER, "Hallo")
    assert caught.value.retry_after in (7, dt.timedelta(seconds=7))
    await bot.send_message(USER, "Nu wel")


async def test_flood_limits_answer_429_past_one_message_a_second_per_chat() -> None:
    server = StandIn(limits=FloodLimits(overall=30, chat_rate=1.0, chat_burst=3))
    await server.start()
    server.add_user(USER, "Sanne")
    server.send_text(USER, "/start")
    try:
        async with Bot(server.token, base_url=server.base_url) as bot:
            for _ in range(3):
                await bot.send_message(USER, "burst")
            with pytest.raises(RetryAfter):
                await bot.send_message(USER, "te veel")
    finally:
        await server.stop()


async def test_editing_to_the_same_content_is_refused_like_telegram(bot: Bot) -> None:
    sent = await bot.send_message(USER, "Zelfde")
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Zelfde", USER, sent.message_id)
    await bot.edit_message_text("Anders", USER, sent.message_id)


async def test_updates_are_gone_once_confirmed(bot: Bot, standin: StandIn) -> None:
    standin.send_text(USER, "een")
    first = await bot.get_updates(timeout=0)
    assert [u.message.text for u in first if u.message] == ["/start", "een"]
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [u.update_id for u in first]
    confirmed = await bot.get_updates(offset=first[-1].update_id + 1, timeout=0)
    assert confirmed == ()
