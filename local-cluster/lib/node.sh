# shellcheck shell=bash disable=SC2154
# The node: a network namespace with its own address, and the Kubernetes processes inside it.
# Sourced by cluster.sh, which sets STATE, RUN, LOGS, NODE_IP, HOST_IP, NETNS and the *_BIN paths.

# Every process of the node runs in the node's network namespace but in the host's mount namespace
# (nsenter --net, not `ip netns exec`, which would give each process a mount namespace of its own and
# hide the kubelet's volume mounts from containerd).
in_node() { nsenter --net="/run/netns/$NETNS" -- "$@"; }

# start_daemon NAME COMMAND... : starts a node process in the background, logging to LOGS/NAME.log.
start_daemon() {
  local name="$1"; shift
  mkdir -p "$LOGS" "$RUN/pids"
  nohup nsenter --net="/run/netns/$NETNS" -- "$@" >"$LOGS/$name.log" 2>&1 &
  echo $! > "$RUN/pids/$name.pid"
}

# fail_with NAME WHAT : names the component, shows its log tail, says what to do, and exits.
fail_with() {
  local name="$1" what="$2"
  echo "cluster: $name: $what" >&2
  if [[ -f "$LOGS/$name.log" ]]; then
    echo "---- last 30 lines of $LOGS/$name.log ----" >&2
    tail -n 30 "$LOGS/$name.log" >&2
    echo "----" >&2
  fi
  echo "cluster: fix the cause, then run 'bash local-cluster/cluster.sh down' and 'up' again (logs stay in $LOGS)" >&2
  exit 1
}

# wait_for NAME SECONDS COMMAND... : waits until COMMAND succeeds, showing progress every 10 s.
wait_for() {
  local name="$1" limit="$2"; shift 2
  local t0=$SECONDS next=10
  until "$@" >/dev/null 2>&1; do
    if [[ -f "$RUN/pids/$name.pid" ]] && ! kill -0 "$(cat "$RUN/pids/$name.pid")" 2>/dev/null; then
      fail_with "$name" "exited while starting"
    fi
    (( SECONDS - t0 >= limit )) && fail_with "$name" "not ready after ${limit}s"
    if (( SECONDS - t0 >= next )); then log "  still waiting for $name ($((SECONDS - t0))s)"; next=$((next + 10)); fi
    sleep 1
  done
}

network_up() {
  ip netns add "$NETNS"
  ip link add "$HOST_IF" type veth peer name "$NODE_IF"
  ip link set "$NODE_IF" netns "$NETNS"
  ip addr add "$HOST_IP/24" dev "$HOST_IF"
  ip link set "$HOST_IF" up
  # Nothing for these addresses may ever leave the machine: while the veth is down or gone the
  # host answers "unreachable" instead of following its default route.
  ip route replace unreachable "$GUARD_NET" metric 4000
  in_node ip link set lo up
  in_node ip addr add "$NODE_IP/24" dev "$NODE_IF"
  in_node ip link set "$NODE_IF" up
  # No default route inside the node: pods and node processes reach this namespace and the host end
  # of the veth, nothing else. Node processes (the API server calling Dapr's injector webhook, the
  # CoreDNS/kube-proxy checks) need a route to service addresses for kube-proxy's DNAT to apply; it
  # points at the host, where a guard route refuses whatever no service rule rewrote.
  in_node ip route add "$SERVICE_CIDR" via "$HOST_IP" dev "$NODE_IF"
  ip route replace unreachable "$SERVICE_CIDR" metric 4000
  ip route replace unreachable "$POD_CIDR" metric 4000
  in_node sysctl -qw net.ipv4.ip_forward=1
  in_node sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null || true
  modprobe br_netfilter 2>/dev/null || true
  sysctl -qw net.bridge.bridge-nf-call-iptables=1 2>/dev/null || true
}

# The pod addresses host-local hands out are files in its dataDir. 'down' kills pods without a CNI DEL,
# so they are never released: kept in the state directory, they go with it; in host-local's default
# (/var/lib/cni/networks) a few dozen leaked per cluster and the /24 ran out after a day of runs.
write_cni_config() {
  mkdir -p "$STATE/cni/net.d"
  cat > "$STATE/cni/net.d/10-todo-pods.conflist" <<EOF
{
  "cniVersion": "1.0.0",
  "name": "todo-pods",
  "plugins": [
    {
      "type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": false, "hairpinMode": true,
      "ipam": {"type": "host-local", "ranges": [[{"subnet": "$POD_CIDR"}]], "routes": [{"dst": "0.0.0.0/0"}],
               "dataDir": "$STATE/cni/ipam"}
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
}

write_containerd_config() {
  mkdir -p "$STATE/containerd/certs.d/$REGISTRY"
  cat > "$STATE/containerd/certs.d/$REGISTRY/hosts.toml" <<EOF
server = "http://$REGISTRY"
[host."http://$REGISTRY"]
  capabilities = ["pull", "resolve"]
EOF
  cat > "$STATE/containerd/config.toml" <<EOF
version = 2
root = "$STATE/containerd/root"
state = "$RUN/containerd"
[grpc]
  address = "$RUN/containerd/containerd.sock"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # root here lacks CAP_SYS_RESOURCE: without this every sandbox fails ("can't get final child's PID").
  restrict_oom_score_adj = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni/net.d"
  [plugins."io.containerd.grpc.v1.cri".registry]
    config_path = "$STATE/containerd/certs.d"
EOF
}

start_registry() {
  mkdir -p "$REGISTRY_STORAGE"
  cat > "$STATE/registry.yml" <<EOF
version: 0.1
log: {level: warn}
storage:
  filesystem: {rootdirectory: $REGISTRY_STORAGE}
  delete: {enabled: true}
http:
  addr: $REGISTRY
EOF
  start_daemon registry docker-registry serve "$STATE/registry.yml"
  wait_for registry 60 curl -sf "http://$REGISTRY/v2/"
}

start_etcd() {
  start_daemon etcd etcd --name todo-node --data-dir "$STATE/etcd" \
    --listen-client-urls http://127.0.0.1:2379 --advertise-client-urls http://127.0.0.1:2379 \
    --listen-peer-urls http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --initial-cluster todo-node=http://127.0.0.1:2380 --listen-metrics-urls http://127.0.0.1:2381
  wait_for etcd 60 in_node curl -sf http://127.0.0.1:2379/health
}

start_control_plane() {
  local p="$STATE/pki"
  start_daemon kube-apiserver "$KUBERNETES_BIN/kube-apiserver" \
    --etcd-servers=http://127.0.0.1:2379 \
    --advertise-address="$NODE_IP" --bind-address=0.0.0.0 --secure-port=6443 \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --client-ca-file="$p/ca.crt" --tls-cert-file="$p/apiserver.crt" --tls-private-key-file="$p/apiserver.key" \
    --kubelet-client-certificate="$p/apiserver-kubelet-client.crt" --kubelet-client-key="$p/apiserver-kubelet-client.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$p/sa.pub" --service-account-signing-key-file="$p/sa.key" \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction \
    --kubelet-preferred-address-types=InternalIP \
    --allow-privileged=true --profiling=false
  wait_for kube-apiserver 120 "$KUBECTL" get --raw /readyz
  start_daemon kube-controller-manager "$KUBERNETES_BIN/kube-controller-manager" \
    --kubeconfig="$p/controller-manager.kubeconfig" \
    --authentication-kubeconfig="$p/controller-manager.kubeconfig" \
    --authorization-kubeconfig="$p/controller-manager.kubeconfig" \
    --root-ca-file="$p/ca.crt" --service-account-private-key-file="$p/sa.key" \
    --cluster-signing-cert-file="$p/ca.crt" --cluster-signing-key-file="$p/ca.key" \
    --use-service-account-credentials=true --leader-elect=false \
    --bind-address=127.0.0.1 --profiling=false
  start_daemon kube-scheduler "$KUBERNETES_BIN/kube-scheduler" \
    --kubeconfig="$p/scheduler.kubeconfig" \
    --authentication-kubeconfig="$p/scheduler.kubeconfig" --authorization-kubeconfig="$p/scheduler.kubeconfig" \
    --leader-elect=false --bind-address=127.0.0.1 --profiling=false
}

start_containerd() {
  write_cni_config
  write_containerd_config
  mkdir -p "$RUN/containerd"
  start_daemon containerd containerd --config "$STATE/containerd/config.toml"
  wait_for containerd 60 ctr --address "$RUN/containerd/containerd.sock" version
}

start_kubelet() {
  local p="$STATE/pki"
  cat > "$STATE/kubelet-config.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: "$p/ca.crt"}
authorization: {mode: Webhook}
clusterDomain: cluster.local
clusterDNS: ["$NODE_IP"]
resolvConf: "$STATE/resolv.conf"
containerRuntimeEndpoint: "unix://$RUN/containerd/containerd.sock"
tlsCertFile: "$p/kubelet.crt"
tlsPrivateKeyFile: "$p/kubelet.key"
# This machine: cgroup v1 without systemd as PID 1, swap allowed, a shared disk.
failCgroupV1: false
cgroupDriver: cgroupfs
failSwapOn: false
enforceNodeAllocatable: []
# Absolute disk thresholds: a percentage of a large shared disk (2 % of 250 GB) evicted every pod while GBs were free.
evictionHard: {memory.available: "200Mi", nodefs.available: "1Gi", imagefs.available: "1Gi", nodefs.inodesFree: "2%"}
imageGCHighThresholdPercent: 98
imageGCLowThresholdPercent: 95
serializeImagePulls: false
maxPods: 60
EOF
  # Pods with dnsPolicy Default get no upstream: the node has no route out.
  : > "$STATE/resolv.conf"
  start_daemon kubelet "$KUBERNETES_BIN/kubelet" --config="$STATE/kubelet-config.yaml" \
    --kubeconfig="$p/kubelet.kubeconfig" --node-ip="$NODE_IP" --hostname-override="$NODE_NAME" \
    --root-dir="$STATE/kubelet" --cert-dir="$STATE/kubelet/pki"
  wait_for kubelet 120 "$KUBECTL" wait --for=condition=Ready "node/$NODE_NAME" --timeout=2s
}

start_kube_proxy() {
  cat > "$STATE/kube-proxy-config.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: "$STATE/pki/kube-proxy.kubeconfig"}
mode: iptables
clusterCIDR: "$POD_CIDR"
hostnameOverride: "$NODE_NAME"
conntrack: {maxPerCore: 0}
metricsBindAddress: 127.0.0.1:10249
healthzBindAddress: 127.0.0.1:10256
EOF
  start_daemon kube-proxy "$KUBERNETES_BIN/kube-proxy" --config="$STATE/kube-proxy-config.yaml"
  # The `kubernetes` service answers once kube-proxy has programmed its rules.
  wait_for kube-proxy 120 in_node curl -sk --max-time 2 "https://${SERVICE_CIDR%.0/*}.1/readyz"
}

start_coredns() {
  cat > "$STATE/Corefile" <<EOF
.:53 {
    bind $NODE_IP
    errors
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $STATE/pki/admin.kubeconfig
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    cache 30
}
EOF
  start_daemon coredns "$COREDNS_BIN/coredns" -conf "$STATE/Corefile"
  wait_for coredns 60 grep -q 'CoreDNS-' "$LOGS/coredns.log"
}

# NetworkPolicy enforcement: kube-router's firewall controller only, on the node's network, filtering
# the bridged pod traffic with iptables and ipsets.
start_network_policy() {
  start_daemon kube-router "$KUBE_ROUTER_BIN/kube-router" --kubeconfig="$STATE/pki/admin.kubeconfig" \
    --run-firewall=true --run-router=false --run-service-proxy=false --enable-cni=false \
    --hostname-override="$NODE_NAME" --health-port=0 --metrics-port=0
  wait_for kube-router 60 grep -q 'Starting network policy controller full sync' "$LOGS/kube-router.log"
}
