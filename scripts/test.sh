#!/usr/bin/env bash
# The test command (npm test): installs what it needs, then runs every jest suite under Node >= 24
# against real OpenClaw gateways (2026.9.6 and 2026.2.22) and, for the e2e suite, the real n8n.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
# Debian packages the end-to-end suites drive: Chromium (the n8n editor), Redis and PostgreSQL (queue
# mode; the load and soak rounds keep n8n's database in PostgreSQL).
# Everything is installed at once (a fresh machine spends most of its time waiting on the registries):
# Debian's packages, both gateways, and the three n8n versions (each with its own Node's headers for
# sqlite3, and npm's cache takes concurrent installs). Each part's output is prefixed; any failure
# fails the run once all have ended.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
debian() {
  ((${#missing[@]})) || return 0
  echo "installing ${missing[*]} from Debian's packages" >&2
  local sudo=(); [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
n8n_on_node22() {
  local node22
  node22="$(OPENCLAW_N8N_NODE_VERSION=22.23.3 OPENCLAW_N8N_FORCE_PINNED_NODE=1 bash scripts/node24.sh)"
  PATH="$node22:$PATH" OPENCLAW_N8N_VERSION=1.123.81 node scripts/n8n.cjs install
}
pids=()
(debian 2>&1 | sed -u 's/^/[apt] /' >&2) & pids+=($!)
(node scripts/gateway.cjs install 2>&1 | sed -u 's/^/[install] /' >&2) & pids+=($!)
(node scripts/n8n.cjs install 2>&1 | sed -u 's/^/[install 2.41.1] /' >&2) & pids+=($!)
# The other n8n versions test/e2e/versions.e2e.test.ts runs the nodes in (each installed once).
(OPENCLAW_N8N_VERSION=2.37.4 node scripts/n8n.cjs install 2>&1 | sed -u 's/^/[install 2.37.4] /' >&2) & pids+=($!)
(n8n_on_node22 2>&1 | sed -u 's/^/[install 1.123.81] /' >&2) & pids+=($!)
failed=0
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
if ((failed)); then echo "an install failed (its lines above say which)" >&2; exit 1; fi
# The e2e suites install the packed package into n8n: build it the official way (tsc + icons).
node_modules/.bin/n8n-node build >/dev/null
node node_modules/jest/bin/jest.js "$@"
