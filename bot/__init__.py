"""The Telegram adapter: translates between Telegram updates and the domain in flows/."""
