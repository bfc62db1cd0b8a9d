"""`python -m scratchnet …`: see scratchnet/cli.py."""

import sys

from .cli import main

sys.exit(main())
