#!/usr/bin/env bash
# Sets up everything the tests need on a fresh machine, then runs the whole suite,
# browser tests included:  bash test.sh   (extra arguments go to pytest, e.g. -k playground)
set -euo pipefail
cd "$(dirname "$0")"

python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# The browser tests drive Debian's Chromium (never `playwright install`: nothing is downloaded);
# the replica test (tests/e2e/test_replicas_browser.py) puts Debian's nginx in front of two servers.
missing_packages=()
[ -x /usr/bin/chromium ] || missing_packages+=(chromium)
[ -x /usr/sbin/nginx ] || missing_packages+=(nginx)
if [ "${#missing_packages[@]}" -gt 0 ]; then
  sudo_if_needed=""
  [ "$(id -u)" -ne 0 ] && sudo_if_needed="sudo"
  $sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_if_needed apt-get install -y -qq "${missing_packages[@]}" \
    > /dev/null
fi

ruff check .
python -m pytest "$@"
