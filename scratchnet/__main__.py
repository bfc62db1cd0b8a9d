"""`python -m scratchnet …`: see scratchnet/cli.py. NumPy's BLAS runs on one thread, as in the app.

The engine's matrices are small: one BLAS thread trains them faster than several
(scratchnet/threads.py says why).
"""

import sys

from .cli import main
from .threads import use_one_blas_thread

use_one_blas_thread()
sys.exit(main())
