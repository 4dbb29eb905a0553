"""Follow-up after the consultation: what is due when, decisions at assessments, check-ins (Qt-free)."""
