"""The patient screens: patient list, demographics, treatment history, baseline, goals and check-ins."""
