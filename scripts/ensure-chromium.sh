#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing and we are root.
# Never downloads a browser of its own: the machine reaches only package registries.
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests…" >&2
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1 \
    || echo "warning: could not install chromium; browser tests will skip (or fail under CI=true)" >&2
else
  echo "warning: chromium missing and not root; browser tests will skip (or fail under CI=true)" >&2
fi
exit 0
