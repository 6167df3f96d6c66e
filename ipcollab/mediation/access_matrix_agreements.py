"""Access-matrix entries of agreements, judicial confirmation and the parties' pages."""

ENTRIES = []
