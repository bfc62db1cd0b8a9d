"""One BLAS thread per process: the engine's matrix products are small.

NumPy hands every matrix product to a BLAS library (OpenBLAS in NumPy's wheels), which starts
one thread per core. For this engine's small matrices, (300×2)·(2×64) and the like, splitting a
product across threads costs more than it saves; and in the app every user's session already
trains in a thread of its own, so extra BLAS threads only fight the other sessions and the
browser for the cores. On a busy 2-core machine one epoch of a 64-64 network took 32 ms with two
BLAS threads and 0.65 ms with one.
"""

import warnings

import numpy  # noqa: F401  (loads NumPy's BLAS library, so that threadpoolctl can find it)
from threadpoolctl import OpenBLASController, threadpool_info, threadpool_limits


def blas_libraries():
    """The BLAS libraries loaded in this process, as threadpoolctl describes them."""
    return [library for library in threadpool_info() if library["user_api"] == "blas"]


def use_one_blas_thread():
    """Make NumPy's BLAS use one thread, for the whole process; return the BLAS libraries.

    threadpoolctl can only limit a library that is already loaded: called before NumPy is
    imported, `threadpool_limits` finds no BLAS and does nothing, silently. This module imports
    NumPy first, and checks the result: it warns when no BLAS could be limited (e.g. Apple's
    Accelerate, which threadpoolctl cannot control) or one still uses several threads.
    """
    threadpool_limits(limits=1, user_api="blas")
    # threadpoolctl remembers which thread set OpenBLAS's limit. In the app that is a session's
    # script thread, which holds that session's st.session_state (its run): remembered, it would
    # stay in memory for good. The limit holds for the whole process; let the thread go.
    OpenBLASController.clear_controlling_thread()
    libraries = blas_libraries()
    if not libraries:
        warnings.warn(
            "found no BLAS library to limit to one thread: NumPy's matrix products may use "
            "every core (see numpy.show_config())",
            RuntimeWarning,
            stacklevel=2,
        )
    for library in libraries:
        if library["num_threads"] != 1:
            warnings.warn(
                f"BLAS still uses several threads: {library['internal_api']} "
                f"num_threads={library['num_threads']} ({library['filepath']})",
                RuntimeWarning,
                stacklevel=2,
            )
    return libraries
