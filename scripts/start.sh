#!/usr/bin/env bash
# npm start: n8n with these nodes, a local OpenClaw gateway (or yours: OPENCLAW_URL + OPENCLAW_TOKEN),
# a credential and the example workflows. Installs what it needs; Ctrl-C stops everything.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ ! -x node_modules/.bin/n8n-node || package-lock.json -nt node_modules/.package-lock.json ]]; then
  npm ci --ignore-scripts --no-audit --no-fund
fi
PATH="$(bash scripts/node24.sh):$PATH"
export PATH
node_modules/.bin/n8n-node build >/dev/null
exec node scripts/start.cjs
