"""Never runs: its stack file (an alias bomb) is refused before the program starts."""
