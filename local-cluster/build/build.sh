#!/usr/bin/env bash
# Builds every binary the local cluster runs, from the Go module proxy, and caches each outside the
# work tree, keyed by version (and by a hash of the wrapper module where there is one):
#   ${XDG_CACHE_HOME:-$HOME/.cache}/todo-platform/cluster/<component>/<version>/
# kubernetes (apiserver, controller-manager, scheduler, kubelet, kube-proxy, kubectl), CoreDNS, helm,
# kube-router (NetworkPolicy), Traefik, and Dapr's control plane + daprd (local-stack/dapr-build/build.sh, same cache as the stack).
# Prints KEY=path lines on stdout for cluster.sh; progress and timings go to stderr.
set -euo pipefail
shopt -s inherit_errexit

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=../versions.env disable=SC1091
source "$here/../versions.env"
cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/todo-platform/cluster"
log() { echo "cluster-build: $*" >&2; }

command -v go >/dev/null || { log "Go is required (see local-cluster/build/*/go.mod for the version)"; exit 1; }
export CGO_ENABLED=0

# go_build NAME VERSION MODULE_DIR PACKAGE... : builds the packages' mains from a wrapper module into
# cache/NAME/VERSION/, unless a build from the same go.mod/go.sum is there.
go_build() {
  local name="$1" version="$2" module="$3"; shift 3
  local dir="$cache_root/$name/$version" hash
  hash="$(cat "$module/go.mod" "$module/go.sum" | sha256sum | cut -c1-16)"
  if [[ "$(cat "$dir/inputs" 2>/dev/null || true)" == "$hash" ]]; then
    log "$name $version already built in $dir"
  else
    log "building $name $version ($# binaries) — first run only, several minutes"
    local t0=$SECONDS ldflags="-s -w"
    if [[ "$name" == kubernetes ]]; then
      # What `kubectl version` and the API server's /version report.
      local v="${version#v}" kv=k8s.io/component-base/version
      ldflags+=" -X $kv.gitVersion=${version} -X $kv.gitMajor=${v%%.*} -X $kv.gitMinor=$(cut -d. -f2 <<<"$v")"
    fi
    [[ "$name" == traefik ]] && ldflags+=" -X github.com/traefik/traefik/v3/pkg/version.Version=${version}"
    mkdir -p "$dir/.tmp"
    (cd "$module" && go mod download && go build -trimpath -ldflags "$ldflags" -o "$dir/.tmp/" "$@")
    mv -f "$dir"/.tmp/* "$dir"/ && rmdir "$dir/.tmp"
    echo "$hash" > "$dir/inputs"
    log "built $name $version in $((SECONDS - t0))s"
  fi
  echo "$dir"
}

# go_install NAME VERSION PACKAGE@VERSION : for modules that build with a plain `go install`
# (the binary is named after the package's last element, which must be NAME).
go_install() {
  local name="$1" version="$2" pkg="$3" dir="$cache_root/$1/$2"
  if [[ -x "$dir/$name" ]]; then
    log "$name $version already built in $dir"
  else
    log "building $name $version — first run only, a few minutes"
    local t0=$SECONDS
    mkdir -p "$dir/.tmp"
    GOBIN="$dir/.tmp" go install -trimpath -ldflags "-s -w" "$pkg"
    mv -f "$dir/.tmp/$name" "$dir/$name" && rmdir "$dir/.tmp"
    log "built $name $version in $((SECONDS - t0))s"
  fi
  echo "$dir"
}

start=$SECONDS
k8s="$(go_build kubernetes "$KUBERNETES_VERSION" "$here/kubernetes" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler k8s.io/kubernetes/cmd/kubelet k8s.io/kubernetes/cmd/kube-proxy \
  k8s.io/kubernetes/cmd/kubectl)"
traefik="$(go_build traefik "$TRAEFIK_VERSION" "$here/traefik" github.com/traefik/traefik/v3/cmd/traefik)"
coredns="$(go_install coredns "$COREDNS_VERSION" "github.com/coredns/coredns@${COREDNS_VERSION}")"
helm="$(go_install helm "$HELM_VERSION" "helm.sh/helm/v3/cmd/helm@${HELM_VERSION}")"
kube_router="$(go_install kube-router "$KUBE_ROUTER_VERSION" \
  "github.com/cloudnativelabs/kube-router/v2/cmd/kube-router@${KUBE_ROUTER_VERSION}")"
dapr="$(bash "$root/local-stack/dapr-build/build.sh" --control-plane | tail -n 1)"
# Gateway API CRDs ship inside the Go module (config/crd/standard); Dapr's chart inside dapr's.
gateway_api="$(go mod download -json "sigs.k8s.io/gateway-api@${GATEWAY_API_VERSION}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
dapr_version="$(basename "$dapr")"
dapr_module="$(cd "$root/local-stack/dapr-build" && go mod download -json "github.com/dapr/dapr@v${dapr_version}" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
log "all binaries ready ($((SECONDS - start))s)"

cat <<EOF
KUBERNETES_BIN=$k8s
TRAEFIK_BIN=$traefik
COREDNS_BIN=$coredns
HELM_BIN=$helm
KUBE_ROUTER_BIN=$kube_router
DAPR_BIN=$dapr
DAPR_VERSION=$dapr_version
DAPR_CHART=$dapr_module/charts/dapr
GATEWAY_API_CRDS=$gateway_api/config/crd/standard
EOF
