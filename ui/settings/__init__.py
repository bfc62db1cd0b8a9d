"""The settings room: the widgets that describe a run, and the page address that holds them.

- choices.py: the values the widgets offer and the words they show (one table each).
- sidebar.py: the Playground's settings widgets, section by section -> a RunConfig.
- preset_menu.py, presets.py: the Playground's ready-made runs, their menu and their notes.
- share.py: the address as a link to the run, and the share box.
- url_state.py, url_rules.py: RunConfig <-> the address's query parameters, never trusted.
- compare_runs.py, compare_widgets.py: the Compare page's runs (plain data) and their widgets.
- regression_widgets.py: the Regression page's sidebar.
"""
