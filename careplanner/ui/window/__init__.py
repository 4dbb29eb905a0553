"""The main window: menus and commands, opening and saving, recovery, the tabs."""
