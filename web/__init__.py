"""The web channel: the same sessions for people without Telegram, served by Starlette
in the bot's own event loop. It speaks to flows/ and renders with reports/, like bot/."""
