#!/usr/bin/env bash
# Runs a command with Node.js >= 24 first on PATH (see node24.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$(bash "$here/node24.sh")"
export PATH="$bin:$PATH"
exec "$@"
