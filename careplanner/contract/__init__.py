"""The plan document's public contract: its JSON Schema, generated from one declaration.

Imports pydantic: only the `careplanner schema` command and the tests use this package.
"""
