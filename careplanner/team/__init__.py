"""The team: who is who, comments on plan revisions and per-discipline sign-off (Qt-free, store-free)."""
