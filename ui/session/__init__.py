"""What outlives a browser tab's session, and what must not: the lost-run notice
(lost_run.py) and the release of closed sessions' runs (release.py)."""
