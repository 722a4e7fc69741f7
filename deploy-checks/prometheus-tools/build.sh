#!/usr/bin/env bash
# Builds the Prometheus tools the chart's checks run — promtool and promql-metrics (./promql-metrics) —
# from the Go module proxy at the Prometheus version pinned in go.mod, and caches them outside the
# work tree:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/todo-platform/promtool/<version>/{promtool,promql-metrics}
# Prints the cache directory on its last line of stdout. Re-running with a warm cache is instant.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Go module versions v0.3XX.Y are Prometheus releases v3.XX.Y.
version="$(awk '$1 == "github.com/prometheus/prometheus" && $2 ~ /^v/ { sub(/^v/, "", $2); print $2; exit }' "$here/go.mod")"
[[ -n "$version" ]] || { echo "prometheus-tools: cannot read the github.com/prometheus/prometheus version from $here/go.mod" >&2; exit 1; }

cache="${XDG_CACHE_HOME:-$HOME/.cache}/todo-platform/promtool/${version}"
log() { echo "prometheus-tools: $*" >&2; }

# promql-metrics and monitoring-objects live in this repo, so a change to it (or to go.mod/go.sum) rebuilds at the same version.
# remove_all_sd leaves Prometheus's service-discovery plugins (cloud SDKs, Kubernetes client) out of
# promtool: checking and unit-testing rules needs none of them, and they are most of the build time.
tags="remove_all_sd"
inputs_hash="$( (cd "$here" && cat go.mod go.sum promql-metrics/*.go monitoring-objects/*.go internal/*/*.go; echo "$tags") | sha256sum | cut -c1-16)"
targets=(promtool promql-metrics monitoring-objects)

all_built() {
  local t
  for t in "${targets[@]}"; do [[ -x "$cache/$t" ]] || return 1; done
  [[ "$(cat "$cache/inputs" 2>/dev/null || true)" == "$inputs_hash" ]]
}

if all_built; then
  log "promtool ${version} already built in $cache"
  echo "$cache"
  exit 0
fi

command -v go >/dev/null || { log "Go is required to build promtool (see $here/go.mod for the version)"; exit 1; }
mkdir -p "$cache"
export CGO_ENABLED=0
cd "$here"
start=$SECONDS
log "downloading Go modules for Prometheus ${version} (first run only)"
go mod download
for target in "${targets[@]}"; do
  pkg="./${target}"
  [[ "$target" == promtool ]] && pkg="github.com/prometheus/prometheus/cmd/promtool"
  log "building ${target} (${pkg}) — the first build takes a few minutes"
  t0=$SECONDS
  # Write then rename, so an interrupted build never leaves a half-written binary in the cache.
  go build -trimpath -tags "$tags" -ldflags "-s -w" -o "$cache/.${target}.tmp" "$pkg"
  mv -f "$cache/.${target}.tmp" "$cache/${target}"
  log "built ${target} in $((SECONDS - t0))s"
done
echo "$inputs_hash" > "$cache/inputs"
log "promtool ${version} ready in $cache ($((SECONDS - start))s)"
echo "$cache"
