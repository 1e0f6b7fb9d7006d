#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing: Chromium for the browser
# tests (Playwright drives the system's Chromium; its own browser download is not used), gettext
# for the check that every UI string is extracted and translated, and Redis and nginx for the
# shared-cache tests and the two-node cluster (`make cluster`). Needs root; otherwise it says what
# to install and the tests that need it are skipped (or fail, with REQUIRE_BROWSER=1 as in CI).
set -euo pipefail

# With arguments, install those packages (e.g. `wrk` for the benchmark) instead of the test set.
missing=()
if [ $# -gt 0 ]; then
  for package in "$@"; do command -v "$package" >/dev/null 2>&1 || missing+=("$package"); done
else
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing ${missing[*]} from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Missing system packages: ${missing[*]}. Install them (e.g. sudo apt-get install ${missing[*]})" \
       "to run every test; the tests that need them are skipped until then." >&2
fi
