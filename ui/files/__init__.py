"""Files in and out of the app: the learner's CSV data (csv_data), a saved run (run_files), the
checks both share (checks), what they change in the session (into_session), a run written out
as a standalone script (script_export)."""
