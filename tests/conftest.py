"""Shared test set-up: browser tests never skip silently in CI."""

import os
from pathlib import Path

import pytest

from tests.e2e_support import CHROMIUM


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"browser tests need {CHROMIUM}; `bash test.sh` installs it")
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing: run `bash test.sh` to install it")
    for item in items:
        if "e2e" in item.keywords:
            item.add_marker(skip)
