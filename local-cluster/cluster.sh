#!/usr/bin/env bash
# The whole system on a real one-node Kubernetes cluster on this machine, built from the package
# registries only (see README.md):
#   bash local-cluster/cluster.sh up       build what is missing, start the node, install Dapr and the chart
#   bash local-cluster/cluster.sh down     stop everything; no process, mount or namespace is left
#   bash local-cluster/cluster.sh status   what runs
# Needs root (network namespace, containerd) and Go; installs its Debian packages when missing.
set -euo pipefail
shopt -s inherit_errexit

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck disable=SC2034 # used by lib/platform.sh
root="$(cd "$here/.." && pwd)"
# shellcheck source=versions.env disable=SC1091
source "$here/versions.env"

# Settings shared with lib/*.sh (sourced below).
# shellcheck disable=SC2034
{

STATE="${TODO_CLUSTER_STATE:-/var/lib/todo-cluster}"
RUN=/run/todo-cluster
LOGS="$STATE/logs"
NETNS=todo-node
HOST_IF=todo-host0
NODE_IF=todo-node0
HOST_IP=172.30.0.1
NODE_IP=172.30.0.2
GUARD_NET=172.30.0.0/16
NODE_NAME=todo-node
POD_CIDR=10.244.0.0/24
SERVICE_CIDR=10.96.0.0/16
REGISTRY="$NODE_IP:5000"
REGISTRY_STORAGE="${XDG_CACHE_HOME:-$HOME/.cache}/todo-platform/cluster/registry"
FRONT_DOOR_HOST=todo.local
NAMESPACE=todo
RELEASE=todo-app
PV_COUNT=8
}

log() { echo "cluster: $*" >&2; }
step_start=$SECONDS
step() { log "[$((SECONDS - step_start))s] $*"; }

# shellcheck source=lib/node.sh disable=SC1091
source "$here/lib/node.sh"
# shellcheck source=lib/pki.sh disable=SC1091
source "$here/lib/pki.sh"
# shellcheck source=lib/platform.sh disable=SC1091
source "$here/lib/platform.sh"

require_root() {
  [[ "$(id -u)" == 0 ]] || { log "must run as root (network namespace, containerd, kubelet)"; exit 1; }
}

# The node's state (containerd's snapshots, volumes, logs) takes ~3 GB; the kubelet evicts every pod when less than
# 1 GiB is left (start_kubelet), which shows up far from the cause, as pods stuck Pending.
NEEDS_FREE_GB=5
ensure_disk_space() {
  mkdir -p "$STATE"
  local free_gb
  free_gb=$(( $(df --output=avail -k "$STATE" | tail -1) / 1024 / 1024 ))
  if (( free_gb < NEEDS_FREE_GB )); then
    log "only ${free_gb} GB free on the file system of $STATE (df -h $STATE); the node needs ${NEEDS_FREE_GB} GB"
    log "free some space (old build trees, caches under ${XDG_CACHE_HOME:-$HOME/.cache}), then run up again"
    exit 1
  fi
}

ensure_packages() {
  local missing=() pkg
  for pkg in containerd runc containernetworking-plugins iptables etcd-server docker-registry skopeo \
             mmdebstrap conntrack socat openssl curl ipset; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    step "installing Debian packages: ${missing[*]}"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
  fi
}

kubectl_() { "$KUBECTL" --kubeconfig "$STATE/kubeconfig" "$@"; }

up() {
  require_root
  if [[ -e "/run/netns/$NETNS" || -d "$RUN" ]]; then
    log "a cluster is already here: taking it down first"
    down
  fi
  ensure_disk_space
  ensure_packages
  step "building (cached after the first run)"
  eval "$(bash "$here/build/build.sh")"
  KUBECTL="$KUBERNETES_BIN/kubectl"
  export KUBECONFIG="$STATE/kubeconfig"
  mkdir -p "$STATE" "$RUN" "$LOGS"
  rm -f "$LOGS"/*.log

  step "network namespace $NETNS, node address $NODE_IP"
  network_up
  step "image registry on $REGISTRY"
  start_registry
  step "container images"
  eval "$(REGISTRY="$REGISTRY" DAPR_BIN="$DAPR_BIN" DAPR_VERSION="$DAPR_VERSION" TRAEFIK_BIN="$TRAEFIK_BIN" \
    TRAEFIK_VERSION="$TRAEFIK_VERSION" DEBIAN_SUITE="$DEBIAN_SUITE" bash "$here/images/images.sh")"
  step "certificates"
  make_pki
  make_front_door_tls
  step "etcd, API server, controller manager, scheduler"
  start_etcd
  start_control_plane
  step "containerd and kubelet"
  start_containerd
  start_kubelet
  step "kube-proxy, CoreDNS, NetworkPolicy enforcement"
  start_kube_proxy
  start_coredns
  start_network_policy
  step "storage, Gateway API, Traefik"
  install_storage
  install_gateway_controller
  step "Dapr control plane $DAPR_VERSION (Dapr's chart)"
  install_dapr
  step "service images (Jib)"
  build_service_images
  step "the todo platform (helm install $RELEASE -n $NAMESPACE)"
  install_platform
  write_front_door
  step "all pods ready"
  kubectl_ get pods -A -o wide >&2
  log "front door: https://$FRONT_DOOR_HOST (= $NODE_IP:443; curl --resolve $FRONT_DOOR_HOST:443:$NODE_IP --cacert $STATE/tls/ca.crt)"
  log "kubectl: export KUBECONFIG=$STATE/kubeconfig; $KUBECTL get pods -n $NAMESPACE"
  log "up in $((SECONDS - step_start))s"
}

# Kills every process in the cgroups the kubelet made (the pods), then the node's own processes.
down() {
  require_root
  local t0=$SECONDS pid name
  for name in kubelet kube-proxy coredns kube-router; do stop_pid "$name"; done
  kill_pods
  for name in containerd kube-scheduler kube-controller-manager kube-apiserver etcd registry; do stop_pid "$name"; done
  pkill -9 -f "containerd-shim-runc-v2 .*-address $RUN/containerd" 2>/dev/null || true
  unmount_under "$STATE" "$RUN"
  # The pods' network namespaces (containerd names them cni-<uuid>).
  for name in $(ip netns list 2>/dev/null | awk '$1 ~ /^cni-/ {print $1}'); do ip netns delete "$name" 2>/dev/null || true; done
  ip link delete "$HOST_IF" 2>/dev/null || true
  ip netns delete "$NETNS" 2>/dev/null || true
  ip route delete unreachable "$GUARD_NET" 2>/dev/null || true
  ip route delete unreachable "$SERVICE_CIDR" 2>/dev/null || true
  ip route delete unreachable "$POD_CIDR" 2>/dev/null || true
  # Keep the logs of the last run; everything else goes.
  if [[ -d "$STATE" ]]; then
    find "$STATE" -mindepth 1 -maxdepth 1 ! -name logs -exec rm -rf {} + 2>/dev/null || true
  fi
  rm -rf "$RUN"
  # Where host-local kept pod addresses before they moved under $STATE (see write_cni_config).
  rm -rf /var/lib/cni/networks/todo-pods
  local left
  left="$(leftovers)"
  if [[ -n "$left" ]]; then
    log "down: still present after cleanup:"
    echo "$left" >&2
    exit 1
  fi
  log "down in $((SECONDS - t0))s: no process, mount or namespace left"
}

stop_pid() {
  local f="$RUN/pids/$1.pid" pid
  [[ -f "$f" ]] || return 0
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

kill_pods() {
  local dir procs
  for _ in 1 2 3; do
    procs="$(cat /sys/fs/cgroup/*/kubepods/cgroup.procs /sys/fs/cgroup/*/kubepods/*/cgroup.procs \
      /sys/fs/cgroup/*/kubepods/*/*/cgroup.procs /sys/fs/cgroup/*/kubepods/*/*/*/cgroup.procs 2>/dev/null | sort -u || true)"
    [[ -z "$procs" ]] && break
    # shellcheck disable=SC2086
    kill -9 $procs 2>/dev/null || true
    sleep 0.5
  done
  for dir in /sys/fs/cgroup/*/kubepods; do
    if [[ -d "$dir" ]]; then find "$dir" -depth -type d -exec rmdir {} \; 2>/dev/null || true; fi
  done
}

unmount_under() {
  local target prefix
  for prefix in "$@"; do
    findmnt -rn -o TARGET | awk -v p="$prefix" 'index($0, p) == 1' | sort -r | while read -r target; do
      umount "$target" 2>/dev/null || umount -l "$target" 2>/dev/null || true
    done
  done
}

leftovers() {
  local out=""
  [[ -e "/run/netns/$NETNS" ]] && out+="network namespace $NETNS"$'\n'
  ip link show "$HOST_IF" >/dev/null 2>&1 && out+="interface $HOST_IF"$'\n'
  local m
  m="$(findmnt -rn -o TARGET | grep -E "^($STATE|$RUN)" || true)"
  [[ -n "$m" ]] && out+="mounts: $m"$'\n'
  local p
  p="$(pgrep -a -f "($STATE|$RUN)/" | grep -v -E "pgrep|cluster.sh" || true)"
  [[ -n "$p" ]] && out+="processes: $p"$'\n'
  printf '%s' "$out"
}

status() {
  if [[ ! -e "/run/netns/$NETNS" ]]; then echo "no cluster"; exit 0; fi
  local name
  for name in registry etcd kube-apiserver kube-controller-manager kube-scheduler containerd kubelet kube-proxy coredns kube-router; do
    if [[ -f "$RUN/pids/$name.pid" ]] && kill -0 "$(cat "$RUN/pids/$name.pid")" 2>/dev/null; then
      echo "$name: running"; else echo "$name: NOT running"; fi
  done
  eval "$(bash "$here/build/build.sh" 2>/dev/null)"
  "$KUBERNETES_BIN/kubectl" --kubeconfig "$STATE/kubeconfig" get pods -A
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
