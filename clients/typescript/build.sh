#!/usr/bin/env bash
# Builds the typed todo-api client: installs the npm packages pinned in package-lock.json (npm ci) into a
# cache outside the work tree, generates src/generated/todo-api.ts from a todo-api OpenAPI document with
# openapi-typescript, and compiles everything with tsc --strict into dist/.
#   ${XDG_CACHE_HOME:-$HOME/.cache}/todo-platform/typescript-client/<hash of package*.json>/node_modules
# Usage: clients/typescript/build.sh [document URL or file]   (default: a running todo-api's /v3/api-docs)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
document="${1:-http://localhost:8080/v3/api-docs}"
log() { echo "typescript-client: $*" >&2; }
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  log "node (20 or later) and npm are required"
  exit 1
fi

cd "$here"
hash="$(cat package.json package-lock.json | sha256sum | cut -c1-16)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/todo-platform/typescript-client/${hash}"
# The marker is written last, so an interrupted install is redone instead of half used.
if [[ ! -f "$cache/installed" ]]; then
  log "installing the pinned packages into $cache"
  rm -rf "$cache"
  mkdir -p "$cache"
  cp package.json package-lock.json "$cache/"
  (cd "$cache" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2
  touch "$cache/installed"
fi
ln -sfn "$cache/node_modules" node_modules

mkdir -p build src/generated
if [[ "$document" == http://* || "$document" == https://* ]]; then
  # shellcheck disable=SC2016 # the single quotes hold JavaScript, whose template literal is not the shell's
  node -e 'fetch(process.argv[1]).then(async r => { if (!r.ok) throw new Error(`${r.status} from ${process.argv[1]}`);
    process.stdout.write(await r.text()); })' "$document" > build/todo-api.json
else
  cp "$document" build/todo-api.json
fi

node_modules/.bin/openapi-typescript build/todo-api.json -o src/generated/todo-api.ts >&2
node_modules/.bin/tsc -p tsconfig.json --strict
log "built $here/dist from $document"
