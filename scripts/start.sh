#!/usr/bin/env bash
# npm start: n8n with these nodes, a local OpenClaw gateway (or yours: OPENCLAW_URL + OPENCLAW_TOKEN),
# a credential and the example workflows. Installs what it needs; Ctrl-C stops everything.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
node_modules/.bin/n8n-node build >/dev/null
exec node scripts/start.cjs
