"""Editing plans without Qt: edit operations, plan templates, autosave recovery and demo patients."""

from careplanner.editing.templates import (
    Template,
    TemplateError,
    TemplateItem,
    apply_template,
    default_templates,
    load_templates,
)

__all__ = [
    "Template",
    "TemplateError",
    "TemplateItem",
    "apply_template",
    "default_templates",
    "load_templates",
]
