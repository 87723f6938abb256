#!/usr/bin/env bash
# The whole suite: the long real-clock tests (vitest.clock.config.ts) in a second vitest process alongside the
# rest (vitest.config.ts), so the suite takes as long as the longer of the two, not their sum. Both write a JSON
# report; the closing line adds them up ("N passed, N failed"). Extra arguments go to the main run only.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p var/test
rm -f var/test/main.json var/test/clock.json
if [ $# -eq 0 ]; then
  npx vitest run --config vitest.clock.config.ts --reporter=default --reporter=json --outputFile.json=var/test/clock.json \
    > var/test/clock.log 2>&1 &
  clock_pid=$!
fi
npx vitest run --reporter=default --reporter=json --outputFile.json=var/test/main.json "$@"
main_rc=$?
clock_rc=0
if [ -n "${clock_pid:-}" ]; then
  echo "[test] waiting for the real-clock tests (var/test/clock.log)…"
  wait "$clock_pid"; clock_rc=$?
  cat var/test/clock.log
fi
node -e '
  const fs = require("node:fs");
  let passed = 0, failed = 0, skipped = 0;
  for (const f of ["var/test/main.json", "var/test/clock.json"]) {
    if (!fs.existsSync(f)) continue;
    const r = JSON.parse(fs.readFileSync(f, "utf8"));
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
  }
  console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
'
[ "$main_rc" -eq 0 ] && [ "$clock_rc" -eq 0 ]
