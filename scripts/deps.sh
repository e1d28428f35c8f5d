#!/usr/bin/env bash
# Installs the real components the tests use, from Debian's packages, if they are not there yet:
# Chromium for the browser tests (driven by Microsoft.Playwright through ExecutablePath=/usr/bin/chromium),
# redis-server for the multi-process cluster (Orleans membership), which the tests start themselves,
# node and npm for the PeerJS server the benchmark measures against (npm package `peer`, locked in tests/Bench/peerjs)
# and for the package tests (npm pack, and TypeScript's tsc locked in tests/Packages.Tests/typescript).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The benchmark's PeerJS server, exactly as locked.
peerjs="$(dirname "$0")/../tests/Bench/peerjs"
if [ ! -d "$peerjs/node_modules/peer" ]; then
  (cd "$peerjs" && npm ci --no-audit --no-fund --loglevel=error)
fi

# The TypeScript compiler the package tests check meshcall.d.ts with, exactly as locked.
typescript="$(dirname "$0")/../tests/Packages.Tests/typescript"
if [ ! -d "$typescript/node_modules/typescript" ]; then
  (cd "$typescript" && npm ci --no-audit --no-fund --loglevel=error)
fi
