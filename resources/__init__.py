"""Data files shipped with careplanner: the treatment catalog, example plans and fonts."""
