#!/usr/bin/env bash
# Prints the bin directory of a Node.js >= 24, installing the pinned Node binary package from the
# npm registry into the project cache when the machine's own Node is older (this machine has 20).
# Usage: PATH="$(bash scripts/node24.sh):$PATH"
set -euo pipefail
NODE_VERSION="${OPENCLAW_N8N_NODE_VERSION:-24.21.0}"
CACHE="${OPENCLAW_N8N_CACHE:-$HOME/.cache/n8n-nodes-openclaw-gateway}"
log() { printf '[node24] %s\n' "$*" >&2; }

if command -v node >/dev/null 2>&1; then
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [[ "$major" -ge 24 && -z "${OPENCLAW_N8N_FORCE_PINNED_NODE:-}" ]]; then dirname "$(command -v node)"; exit 0; fi
fi
case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) log "unsupported CPU $(uname -m)"; exit 1 ;; esac
pkg="node-linux-$arch"
dir="$CACHE/node-$NODE_VERSION"
bin="$dir/node_modules/$pkg/bin"
if [[ ! -x "$bin/node" ]]; then
  log "installing Node $NODE_VERSION ($pkg) from the npm registry into $dir"
  mkdir -p "$dir"
  [[ -f "$dir/package.json" ]] || echo '{"name":"node24-holder","private":true}' >"$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$pkg@$NODE_VERSION" >&2
fi
[[ -x "$bin/node" ]] || { log "Node binary missing at $bin/node"; exit 1; }
echo "$bin"
