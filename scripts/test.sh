#!/usr/bin/env bash
# The one test command (README quick start and .ci/run both call `npm test`). It installs what the
# tests need on a fresh Debian machine, builds, lints, type-checks and runs every test. With CI=true
# nothing is skipped: a missing component fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
command -v go >/dev/null 2>&1 || need_pkgs+=(golang-go)
[ -d /usr/share/gocode/src/github.com/prometheus/client_golang ] || need_pkgs+=(golang-github-prometheus-client-golang-dev)
command -v prometheus >/dev/null 2>&1 || need_pkgs+=(prometheus)
command -v promtool >/dev/null 2>&1 || need_pkgs+=(prometheus)
command -v amtool >/dev/null 2>&1 || need_pkgs+=(prometheus-alertmanager)
command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
command -v prometheus-alertmanager >/dev/null 2>&1 || need_pkgs+=(prometheus-alertmanager)
command -v amtool >/dev/null 2>&1 || need_pkgs+=(prometheus-alertmanager)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing Debian packages: ${need_pkgs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  else
    echo "test.sh: missing ${need_pkgs[*]} and cannot apt-get install them (need root on Debian)" >&2
    [ "${CI:-}" = "true" ] && exit 1
  fi
fi

[ -d node_modules ] || npm ci
npm run build
npx tsc -p tsconfig.json --noEmit
npx eslint src test bench scripts
npx vitest run --reporter=default --reporter=json --outputFile=.vitest-results.json "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(".vitest-results.json", "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
'
exit "${status:-0}"
