# shellcheck shell=bash disable=SC2154
# Certificates and kubeconfigs of the node, made with openssl for each `up` (down removes them).
# Sourced by cluster.sh.

# cert NAME SUBJECT [SAN] [EXTENDED_KEY_USAGE] : a key and a certificate signed by the cluster CA.
cert() {
  local p="$STATE/pki" name="$1" subject="$2" san="${3:-}" eku="${4:-clientAuth}"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "$subject" \
    -keyout "$p/$name.key" -out "$p/$name.csr" 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$eku"
    [[ -n "$san" ]] && echo "subjectAltName=$san"
  } > "$p/$name.ext"
  openssl x509 -req -in "$p/$name.csr" -CA "$p/ca.crt" -CAkey "$p/ca.key" -CAcreateserial -days 30 \
    -extfile "$p/$name.ext" -out "$p/$name.crt" 2>/dev/null
  rm -f "$p/$name.csr" "$p/$name.ext"
}

# kubeconfig NAME : a kubeconfig that signs in with NAME's certificate.
kubeconfig() {
  local p="$STATE/pki" name="$1"
  cat > "$p/$name.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
  - name: todo-cluster
    cluster:
      server: https://$NODE_IP:6443
      certificate-authority: $p/ca.crt
users:
  - name: $name
    user:
      client-certificate: $p/$name.crt
      client-key: $p/$name.key
contexts:
  - name: todo-cluster
    context: {cluster: todo-cluster, user: $name}
current-context: todo-cluster
EOF
}

make_pki() {
  local p="$STATE/pki" kubernetes_ip="${SERVICE_CIDR%.0/*}.1"
  mkdir -p "$p"
  chmod 700 "$p"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj "/CN=todo-cluster-ca" -keyout "$p/ca.key" -out "$p/ca.crt" 2>/dev/null
  openssl genrsa -out "$p/sa.key" 2048 2>/dev/null
  openssl rsa -in "$p/sa.key" -pubout -out "$p/sa.pub" 2>/dev/null
  cert apiserver "/CN=kube-apiserver" \
    "IP:$NODE_IP,IP:$kubernetes_ip,IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" \
    serverAuth
  cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client"
  cert kubelet "/CN=$NODE_NAME" "IP:$NODE_IP,DNS:$NODE_NAME" serverAuth
  local who
  for who in admin:/O=system:masters/CN=kubernetes-admin \
             controller-manager:/CN=system:kube-controller-manager \
             scheduler:/CN=system:kube-scheduler \
             kube-proxy:/CN=system:kube-proxy \
             kubelet-client:/O=system:nodes/CN=system:node:$NODE_NAME; do
    cert "${who%%:*}" "${who#*:}"
    kubeconfig "${who%%:*}"
  done
  mv "$p/kubelet-client.kubeconfig" "$p/kubelet.kubeconfig"
  cp "$p/admin.kubeconfig" "$STATE/kubeconfig"
}

# The front door's certificate: a CA of its own (the suite and curl trust it) and a server
# certificate for FRONT_DOOR_HOST, in the Secret the Gateway's HTTPS listener names. cert-manager is
# not built here (see README), so the script makes them.
make_front_door_tls() {
  local t="$STATE/tls"
  mkdir -p "$t"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj "/CN=todo-local-ca" -keyout "$t/ca.key" -out "$t/ca.crt" 2>/dev/null
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$FRONT_DOOR_HOST" \
    -keyout "$t/tls.key" -out "$t/tls.csr" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:%s,IP:%s\n' \
    "$FRONT_DOOR_HOST" "$NODE_IP" > "$t/tls.ext"
  openssl x509 -req -in "$t/tls.csr" -CA "$t/ca.crt" -CAkey "$t/ca.key" -CAcreateserial -days 30 \
    -extfile "$t/tls.ext" -out "$t/tls.crt" 2>/dev/null
  rm -f "$t/tls.csr" "$t/tls.ext"
}
