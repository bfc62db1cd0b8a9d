#!/usr/bin/env bash
# Sets up everything the tests need on a fresh machine, then runs the whole suite,
# browser tests included:  bash test.sh   (extra arguments go to pytest, e.g. -k playground)
set -euo pipefail
cd "$(dirname "$0")"

python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# The browser tests drive Debian's Chromium (never `playwright install`: nothing is downloaded).
if [ ! -x /usr/bin/chromium ]; then
  sudo_if_needed=""
  [ "$(id -u)" -ne 0 ] && sudo_if_needed="sudo"
  $sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_if_needed apt-get install -y -qq chromium > /dev/null
fi

ruff check .
python -m pytest "$@"
