#!/usr/bin/env bash
# npm run bench: compiles the nodes, the test context and bench/ with tsc, then runs the benchmark
# under Node >= 24 against a real gateway. Prints a table; writes bench-results/bench.{json,md}.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
node scripts/gateway.cjs install
node scripts/n8n.cjs install
# The trigger case installs the packed package into a real n8n: build it the official way.
node_modules/.bin/n8n-node build >/dev/null
rm -rf .run/bench-dist
node node_modules/typescript/bin/tsc -p tsconfig.bench.json
# The compiled test helpers require ../../scripts/*.cjs: point that at the real scripts.
ln -s ../../scripts .run/bench-dist/scripts
node .run/bench-dist/bench/bench.js "$@"
