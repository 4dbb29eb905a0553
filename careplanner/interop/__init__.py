"""Exchange with other systems: a plan as a FHIR R4 Bundle and back (docs/fhir.md)."""
