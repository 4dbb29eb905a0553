"""The team meeting: the agenda, the presentation for the projector, the recommendation and the minutes."""
