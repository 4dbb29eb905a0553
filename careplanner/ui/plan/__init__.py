"""The plan screen: catalog, plan by layer, item form, timeline, findings, templates."""
