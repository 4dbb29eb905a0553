"""Follow-up screens: the outcome chart, check-ins, decisions at assessments and the clinic's due list."""
