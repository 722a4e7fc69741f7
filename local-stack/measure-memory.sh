#!/usr/bin/env bash
# Resident memory of every process of a running local stack (run directory as $1, default
# .local-stack). RSS from ps; for PostgreSQL also PSS, because its backends share memory and
# their RSS figures count the shared buffers once per backend.
set -euo pipefail
run_dir="$(cd "${1:-$(dirname "$0")/../.local-stack}" && pwd)"
total=0
row() {
  local name=$1; shift
  local pids="$*"
  [[ -z "${pids// /}" ]] && { printf "%-28s not running\n" "$name"; return; }
  local kib; kib=$(ps -o rss= -p "$(echo "$pids" | tr ' ' ',')" | awk '{s+=$1} END {print s}')
  total=$((total + kib))
  printf "%-28s %7.1f MiB RSS\n" "$name" "$(awk -v k="$kib" 'BEGIN {print k/1024}')"
}
row launcher "$(pgrep -f 'local-stack.jar|LocalStack' | head -1 || true)"
postmaster=$(pgrep -f "postgres -D $run_dir/postgres" || true)
if [[ -n "$postmaster" ]]; then
  row "postgresql (all processes)" "$postmaster $(pgrep -P "$postmaster" | tr '\n' ' ')"
  pss=0; for p in $postmaster $(pgrep -P "$postmaster"); do pss=$((pss + $(awk '/^Pss:/ {print $2}' /proc/"$p"/smaps_rollup))); done
  printf "%-28s %7.1f MiB PSS\n" "  postgresql, shared once" "$(awk -v k="$pss" 'BEGIN {print k/1024}')"
fi
row kafka "$(pgrep -f "kafka.Kafka $run_dir" || true)"
row dapr-scheduler "$(pgrep -f "scheduler .*--etcd-data-dir $run_dir" || true)"
for app in todo-api notification-service recurring-service; do
  row "daprd $app" "$(pgrep -f "daprd --app-id $app " || true)"
  row "$app" "$(pgrep -f "target/$app-[^ ]*\.jar" || true)"
done
printf "%-28s %7.1f MiB RSS (PostgreSQL shared memory counted per backend)\n" total "$(awk -v k="$total" 'BEGIN {print k/1024}')"
