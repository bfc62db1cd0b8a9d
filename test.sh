#!/usr/bin/env bash
# Sets up everything the tests need on a fresh machine, then runs the whole suite,
# browser tests included:  bash test.sh   (extra arguments go to pytest, e.g. -k playground)
#
#   bash test.sh --under-load   the whole suite three times in a row while tests/cpu_hog.py
#                               keeps every core busy: the suite must stay green on a busy machine
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

under_load=false
pytest_args=()
for argument in "$@"; do
  if [ "$argument" = "--under-load" ]; then
    under_load=true
  else
    pytest_args+=("$argument")
  fi
done

ruff check .
if [ "$under_load" = false ]; then
  python -m pytest "${pytest_args[@]}"
  exit
fi

python tests/cpu_hog.py &
hog_pid=$!
trap 'kill "$hog_pid" 2> /dev/null; wait "$hog_pid" 2> /dev/null' EXIT
for round in 1 2 3; do
  echo "=== round $round of 3, every core kept busy by tests/cpu_hog.py"
  python -m pytest "${pytest_args[@]}"
done
echo "=== the suite passed three times in a row under load"
