#!/usr/bin/env bash
# npm run load / npm run soak: compiles the nodes, the test helpers and bench/ with tsc (as
# npm run bench does), then runs bench/<load|soak>.js under Node >= 24 against a real gateway and
# the real n8n in queue mode. Writes bench-results/<load|soak>.{json,md}.
set -euo pipefail
which="${1:?usage: scale.sh load|soak}"
shift
source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
if ((${#missing[@]})); then
  sudo=(); [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
node scripts/gateway.cjs install
node scripts/n8n.cjs install
node_modules/.bin/n8n-node build >/dev/null
rm -rf .run/bench-dist
node node_modules/typescript/bin/tsc -p tsconfig.bench.json
ln -s ../../scripts .run/bench-dist/scripts
node ".run/bench-dist/bench/${which}.js" "$@"
