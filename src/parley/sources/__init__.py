"""Sources: everything that brings posts in (files, replays, the simulator, platform connectors)."""
