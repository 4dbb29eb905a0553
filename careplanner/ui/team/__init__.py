"""The team's part of the window: who the user is, comments on a plan and each discipline's sign-off."""
