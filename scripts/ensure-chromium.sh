#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser tests
# (tests/report/test_browser.py drives it with Playwright's Python package).
#
# Never downloads a browser of its own (no `playwright install`): the machine reaches only
# package registries, so Chromium comes from apt. When it is missing, this script runs
# `apt-get update` and `apt-get install -y chromium` as root (or through sudo when that
# needs no password). It always exits 0: when Chromium cannot be had, the browser tests
# skip with the reason — or fail under CI=true, where a missing browser is an error.
set -u

BROWSER=/usr/bin/chromium
LOG="${TMPDIR:-/tmp}/detente-ensure-chromium.log"

works() {
  [ -x "$BROWSER" ] && "$BROWSER" --headless --no-sandbox --disable-gpu --version >/dev/null 2>&1
}

if works; then
  exit 0
fi

if [ "$(id -u)" = "0" ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "warning: $BROWSER is missing and installing it needs root (apt-get install chromium);" \
       "the browser tests will skip (or fail under CI=true)" >&2
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "warning: $BROWSER is missing and there is no apt-get to install it;" \
       "the browser tests will skip (or fail under CI=true)" >&2
  exit 0
fi

echo "Installing Debian's chromium for the browser tests (log: $LOG)…" >&2
{
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
} >"$LOG" 2>&1

if works; then
  echo "chromium installed: $("$BROWSER" --version 2>/dev/null)" >&2
else
  echo "warning: could not install a working chromium; last lines of $LOG:" >&2
  tail -n 5 "$LOG" >&2
  echo "the browser tests will skip (or fail under CI=true)" >&2
fi
exit 0
