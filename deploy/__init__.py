"""Running the Playground as several servers behind nginx: replicas.py, docs/deploy.md."""
