#!/usr/bin/env bash
# Runs every test project of MeshCall.sln and ends with one line "N passed, M failed", counted from the
# TRX results (dotnet test's own summary is per project). Exits non-zero on any failure or on no tests.
set -uo pipefail
cd "$(dirname "$0")/.."

results="TestResults"
rm -rf "$results"

bash scripts/deps.sh || { echo "0 passed, 1 failed"; exit 1; }

dotnet build MeshCall.sln -c Release -warnaserror --nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }
# One test project at a time (-m:1): the browsers, the multi-process cluster and the in-process silos each want
# the whole machine, and run together on 2 cores they starve each other's heartbeats. A test still running after
# 10 minutes (the longest takes well under one) is a hang: its test host is stopped and the test named as failed,
# so a hang fails the run instead of holding it until CI's own limit.
dotnet test MeshCall.sln -c Release --no-build --nologo -m:1 \
  --blame-hang-timeout 10m --blame-hang-dump-type none \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
done

# A run stopped short (a test host that hung or crashed) leaves no failed test in the results: it counts as one.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1
fi

echo "${passed} passed, ${failed} failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
