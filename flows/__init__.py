"""The domain of a dialogue session, as plain async Python. Never imports telegram."""
