"""Where people work on what Parley found: the team inbox, its rota and SLAs, and replies."""
