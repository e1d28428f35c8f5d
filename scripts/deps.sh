#!/usr/bin/env bash
# Installs the real components the tests use, from Debian's packages, if they are not there yet:
# Chromium for the browser tests (driven by Microsoft.Playwright through ExecutablePath=/usr/bin/chromium),
# redis-server for the multi-process cluster (Orleans membership), which the tests start themselves.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
