#!/usr/bin/env bash
# Builds the Dapr runtime for the local stack — daprd (main in ./daprd, project components only) and
# Dapr's Scheduler — at the version pinned in go.mod, and caches the binaries outside the work tree:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/todo-platform/dapr/<version>/{daprd,scheduler}
# With --control-plane it also builds Dapr's operator, sentry, placement and sidecar injector (the local
# Kubernetes cluster in local-cluster/ installs them with Dapr's own chart).
# Prints the cache directory on its last line of stdout. Re-running with a warm cache is instant.
set -euo pipefail

targets=(daprd scheduler)
[[ "${1:-}" == --control-plane ]] && targets+=(operator sentry placement injector)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The go.mod require line is the single source of the version; the root pom's dapr-runtime.version
# must match it (checked below so the two cannot drift silently).
version="$(awk '$1 == "github.com/dapr/dapr" && $2 ~ /^v/ { sub(/^v/, "", $2); print $2; exit }' "$here/go.mod")"
[[ -n "$version" ]] || { echo "dapr-build: cannot read the github.com/dapr/dapr version from $here/go.mod" >&2; exit 1; }
pom="$here/../../pom.xml"
if [[ -f "$pom" ]] && ! grep -q "<dapr-runtime.version>${version}</dapr-runtime.version>" "$pom"; then
  echo "dapr-build: go.mod pins Dapr ${version} but the root pom's dapr-runtime.version differs; align them" >&2
  exit 1
fi

cache="${XDG_CACHE_HOME:-$HOME/.cache}/todo-platform/dapr/${version}"
log() { echo "dapr-build: $*" >&2; }

# The daprd main lives in this repo, so a change to it (or to go.mod/go.sum) must rebuild even at
# the same Dapr version: the cache remembers a hash of the build inputs.
inputs_hash="$(cd "$here" && cat go.mod go.sum daprd/*.go | sha256sum | cut -c1-16)"

reports_version() { [[ -x "$1" ]] && [[ "$("$1" --version 2>/dev/null || true)" == "$version" ]]; }

all_built() {
  local t
  reports_version "$cache/daprd" || return 1
  for t in "${targets[@]}"; do [[ -x "$cache/$t" ]] || return 1; done
  [[ "$(cat "$cache/inputs" 2>/dev/null || true)" == "$inputs_hash" ]]
}

if all_built; then
  log "Dapr ${version} already built in $cache"
  echo "$cache"
  exit 0
fi

mkdir -p "$cache"
# The Dapr CLI's slim install (~/.dapr/bin) holds daprd and scheduler; reuse them if they are the pinned version.
cli_bin="$HOME/.dapr/bin"
if [[ "${#targets[@]}" -eq 2 ]] && reports_version "$cli_bin/daprd" && [[ -x "$cli_bin/scheduler" ]]; then
  log "using Dapr ${version} from $cli_bin"
  ln -sf "$cli_bin/daprd" "$cache/daprd"
  ln -sf "$cli_bin/scheduler" "$cache/scheduler"
  echo "$inputs_hash" > "$cache/inputs"
  echo "$cache"
  exit 0
fi

command -v go >/dev/null || { log "Go is required to build Dapr (see local-stack/dapr-build/go.mod for the version)"; exit 1; }
# Static binaries: the same daprd runs on this machine and in the cluster's minimal images.
export CGO_ENABLED=0
ldflags="-s -w -X github.com/dapr/dapr/pkg/buildinfo.version=${version}"
cd "$here"
start=$SECONDS
log "downloading Go modules for Dapr ${version} (first run only)"
go mod download
# A binary already built from the same inputs is kept (the stack's two, when only the control plane
# is missing).
same_inputs=false
[[ "$(cat "$cache/inputs" 2>/dev/null || true)" == "$inputs_hash" ]] && same_inputs=true
for target in "${targets[@]}"; do
  if $same_inputs && [[ -x "$cache/$target" ]]; then continue; fi
  pkg="./daprd"
  [[ "$target" != daprd ]] && pkg="github.com/dapr/dapr/cmd/${target}"
  log "building ${target} (${pkg}) — the first build takes several minutes"
  t0=$SECONDS
  # -trimpath keeps the work tree path out of the binary; write then rename so an interrupted
  # build never leaves a half-written binary in the cache.
  go build -trimpath -ldflags "$ldflags" -o "$cache/.${target}.tmp" "$pkg"
  mv -f "$cache/.${target}.tmp" "$cache/${target}"
  log "built ${target} in $((SECONDS - t0))s"
done
echo "$inputs_hash" > "$cache/inputs"
log "Dapr ${version} ready in $cache ($((SECONDS - start))s)"
echo "$cache"
