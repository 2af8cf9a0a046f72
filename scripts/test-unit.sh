#!/usr/bin/env bash
# The fast inner loop (npm run test:unit): pure code, node descriptions and protocol-level fake
# peers. Installs no gateway and no n8n and starts none; needs only the dev dependencies and Node >= 24.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/prepare.sh"
node node_modules/jest/bin/jest.js --selectProjects unit "$@"
