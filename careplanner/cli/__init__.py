"""Command-line commands; each module handles one command and returns an exit status."""
