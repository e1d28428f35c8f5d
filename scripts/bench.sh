#!/usr/bin/env bash
# Runs the benchmark: every scenario (or the one named first) against every target, on this machine, and writes
# docs/benchmarks.md, its chart and the raw numbers (docs/benchmarks.json). Takes about 25 minutes.
#   bash scripts/bench.sh                       # everything, as published
#   bash scripts/bench.sh relay --Targets meshcall-ws,peerjs --StepSeconds 10
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
dotnet build tests/Bench/Bench.csproj -c Release --nologo -v quiet
scenario="${1:-all}"
[ "$#" -gt 0 ] && shift
exec dotnet run -c Release --no-build --project tests/Bench/Bench.csproj -- "$scenario" --Out docs "$@"
