#!/usr/bin/env bash
# The test command (npm test): installs what it needs, then runs every jest suite under Node >= 24
# against real OpenClaw gateways (2026.9.6 and 2026.2.22) and, for the e2e suite, the real n8n.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ ! -x node_modules/.bin/jest || package-lock.json -nt node_modules/.package-lock.json ]]; then
  # --ignore-scripts: a dev dependency of @n8n/node-cli runs `npx only-allow pnpm` on install.
  npm ci --ignore-scripts --no-audit --no-fund
fi
PATH="$(bash scripts/node24.sh):$PATH"
export PATH
node scripts/gateway.cjs install
node node_modules/typescript/bin/tsc -p tsconfig.json >/dev/null
node node_modules/jest/bin/jest.js "$@"
