"""Everything a person reads: bot texts, the summary message, the printable report."""
