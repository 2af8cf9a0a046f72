# Sourced by the entry scripts (test, start, bench): project root as the working directory, Node.js
# >= 24 first on PATH, then the dev dependencies installed (again when the lockfile changed) under
# it: installed under the machine's Node 20, npm warned EBADENGINE five times before `npm start`.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PATH="$(bash scripts/node24.sh):$PATH"
export PATH
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  # --ignore-scripts: a dev dependency of @n8n/node-cli runs `npx only-allow pnpm` on install.
  npm ci --ignore-scripts --no-audit --no-fund
fi
