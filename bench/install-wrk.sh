#!/usr/bin/env bash
# Makes sure wrk (the HTTP load tool the benchmarks and their smoke test drive) is on the PATH,
# installing it from Debian's packages when missing. Idempotent; used by bench/run.sh and by the
# build before bench's integration tests.
set -euo pipefail

if command -v wrk >/dev/null 2>&1; then
  exit 0
fi
command -v apt-get >/dev/null 2>&1 || { echo "bench: wrk is missing and apt-get is not available; install wrk and retry" >&2; exit 1; }
sudo=()
[[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
echo "bench: installing wrk from Debian's packages ..." >&2
if ! DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq wrk >/dev/null 2>&1; then
  echo "bench: refreshing the package lists (apt-get update) ..." >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq wrk >/dev/null
fi
echo "bench: $(wrk --version 2>&1 | head -1)" >&2
