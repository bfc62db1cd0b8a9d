"""What a benchmark's numbers were measured on: the CPU, Python, NumPy, its BLAS, the load."""

import os
import platform
from pathlib import Path

import numpy as np


def machine_info():
    """Lines describing what the numbers were measured on."""
    cpu_model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    usable_cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else "?"
    lines = [
        f"- CPU: {cpu_model}; os.cpu_count() = {os.cpu_count()}, usable by this process = "
        f"{usable_cpus}",
        f"- Python {platform.python_version()}, NumPy {np.__version__}, {blas_description()}",
    ]
    thread_settings = [
        f"{name}={os.environ[name]}"
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
        if name in os.environ
    ]
    if thread_settings:
        lines.append(f"- thread settings: {', '.join(thread_settings)}")
    return lines


def load_average():
    """The 1-minute load average: above the CPU count, other programs were competing."""
    return f"{os.getloadavg()[0]:.1f}" if hasattr(os, "getloadavg") else "?"


def blas_description():
    """The BLAS NumPy calls for np.dot: threadpoolctl's view if installed, else NumPy's build."""
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        threadpool_info = None
    if threadpool_info is not None:
        pools = [
            f"{pool['internal_api']} {pool['version']} ({pool['num_threads']} threads)"
            for pool in threadpool_info()
            if pool["user_api"] == "blas"
        ]
        if pools:
            return "BLAS: " + ", ".join(pools)
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    except (TypeError, KeyError):
        return "BLAS: unknown"
    configuration = blas.get("openblas configuration", "")
    extra = f" ({configuration.split()[-2]} kernels)" if "MAX_THREADS" in configuration else ""
    return f"BLAS: {blas['name']} {blas['version']}{extra} (threadpoolctl not installed)"
