#!/usr/bin/env bash
# Shared by setup-minikube.sh and setup-cloud.sh: logging, preflight checks, pinned versions and the
# idempotent install steps both clusters go through. Sourced, never run.

# Pinned versions. Strimzi and the Dapr runtime come from the root pom (strimzi.version,
# dapr-runtime.version) so the scripts, the local stack and the Java model stay in step.
CERT_MANAGER_VERSION="v1.19.1"
# The front door is the Gateway API, served by Traefik (ingress-nginx is retired upstream). Chart
# 41.3.0 ships Traefik v3.7.11 (its Chart.yaml appVersion). Traefik v3.7 implements Gateway API
# v1.5.1 and watches the standard channel's v1 TLSRoute, which Gateway API v1.4 does not have: with
# v1.4 CRDs its Gateway provider never syncs, so the CRDs are v1.5.1 (the chart no longer ships them).
TRAEFIK_CHART_VERSION="41.3.0"
GATEWAY_API_VERSION="v1.5.1"
GATEWAY_NAMESPACE="traefik"

RELEASE="todo-app"
APP_NAMESPACE="todo"
KAFKA_NAMESPACE="kafka"
KAFKA_CLUSTER="todo-kafka"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# require_cmd NAME HINT: fail with an install hint when a tool is missing.
require_cmd() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH. $2"
}

# pom_property NAME: a property of the root pom (plain text read; no Maven needed).
pom_property() {
  local value
  value="$(sed -n "s:.*<$1>\([^<]*\)</$1>.*:\1:p" "$REPO_ROOT/pom.xml" | head -n 1)"
  [[ -n "$value" ]] || die "property <$1> not found in $REPO_ROOT/pom.xml"
  printf '%s\n' "$value"
}

load_versions() {
  STRIMZI_VERSION="$(pom_property strimzi.version)"
  DAPR_VERSION="$(pom_property dapr-runtime.version)"
}

print_versions() {
  load_versions
  printf 'strimzi=%s\ndapr=%s\ncert-manager=%s\ntraefik-chart=%s\ngateway-api=%s\n' \
    "$STRIMZI_VERSION" "$DAPR_VERSION" "$CERT_MANAGER_VERSION" "$TRAEFIK_CHART_VERSION" "$GATEWAY_API_VERSION"
}

require_java17() {
  require_cmd java "Install a Java 17+ JDK (the build uses ./mvnw)."
  local major
  major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
  major="${major#1.}"
  [[ "${major%%.*}" -ge 17 ]] 2>/dev/null || die "Java 17 or newer is required (found '${major:-unknown}')."
}

# image_tag: the git commit the images are built from. A tree with uncommitted changes gets a
# suffix from a hash of those changes, so one tag never names two different images.
image_tag() {
  local sha
  sha="$(git -C "$REPO_ROOT" rev-parse --short=12 HEAD 2>/dev/null)" || die "not a git checkout: $REPO_ROOT"
  if [[ -n "$(git -C "$REPO_ROOT" status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    sha="${sha}-dirty-$(git -C "$REPO_ROOT" diff HEAD | sha256sum | cut -c1-10)"
  fi
  printf '%s\n' "$sha"
}

ensure_namespace() {
  kubectl create namespace "$1" --dry-run=client -o yaml | kubectl apply -f - >/dev/null
}

# app_namespace: the release's namespace, where Pod Security Admission warns about and audits any
# pod that is not "restricted" (the chart's pods and the hardened Dapr sidecars all are).
app_namespace() {
  ensure_namespace "$APP_NAMESPACE"
  kubectl label namespace "$APP_NAMESPACE" --overwrite \
    pod-security.kubernetes.io/warn=restricted pod-security.kubernetes.io/audit=restricted >/dev/null
}

# install_strimzi [HELM ARGS...]: extra arguments go to helm (setup-cloud.sh adds watchNamespaces).
install_strimzi() {
  log "Strimzi ${STRIMZI_VERSION} operator in namespace ${KAFKA_NAMESPACE}"
  helm upgrade --install strimzi-cluster-operator oci://quay.io/strimzi-helm/strimzi-kafka-operator \
    --version "$STRIMZI_VERSION" --namespace "$KAFKA_NAMESPACE" --create-namespace --wait --timeout 10m "$@"
}

# apply_kafka VARIANT: the KRaft cluster and topics of kafka/VARIANT, then wait for them.
apply_kafka() {
  log "Kafka cluster and topics (kafka/$1)"
  kubectl apply -k "$REPO_ROOT/kafka/$1"
  kubectl -n "$KAFKA_NAMESPACE" wait "kafka/${KAFKA_CLUSTER}" --for=condition=Ready --timeout=15m
  kubectl -n "$KAFKA_NAMESPACE" wait kafkatopic --all --for=condition=Ready --timeout=5m
}

# install_dapr HA(true|false)
install_dapr() {
  log "Dapr ${DAPR_VERSION} control plane in namespace dapr-system (HA: $1)"
  helm upgrade --install dapr dapr --repo https://dapr.github.io/helm-charts --version "$DAPR_VERSION" \
    --namespace dapr-system --create-namespace --wait --timeout 10m \
    --set "global.ha.enabled=$1" \
    --set global.logAsJson=true \
    --set dapr_sidecar_injector.sidecarDropALLCapabilities=true
}

# install_gateway_api_crds: the Gateway API standard channel (Gateway, HTTPRoute, ...), before
# Traefik and cert-manager, which both look for them when they start.
install_gateway_api_crds() {
  log "Gateway API ${GATEWAY_API_VERSION} CRDs (standard channel)"
  kubectl apply --server-side --force-conflicts \
    -f "https://github.com/kubernetes-sigs/gateway-api/releases/download/${GATEWAY_API_VERSION}/standard-install.yaml" >/dev/null
  kubectl wait --for=condition=Established --timeout=2m \
    crd/gateways.gateway.networking.k8s.io crd/httproutes.gateway.networking.k8s.io >/dev/null
}

# install_traefik [HELM_ARGS...]: Traefik with its Gateway API provider and GatewayClass "traefik"
# (the chart's own default Gateway stays off: the todo-app chart brings its Gateway), and its
# Ingress provider for the chart's optional Ingress. Its entryPoints listen on 8000 (web) and 8443
# (websecure) in the pod, the ports the todo-app Gateway's listeners name.
install_traefik() {
  log "Traefik chart ${TRAEFIK_CHART_VERSION} in namespace ${GATEWAY_NAMESPACE}"
  helm upgrade --install traefik traefik --repo https://traefik.github.io/charts \
    --version "$TRAEFIK_CHART_VERSION" --namespace "$GATEWAY_NAMESPACE" --create-namespace --wait --timeout 10m \
    --set providers.kubernetesGateway.enabled=true \
    --set gatewayClass.enabled=true \
    --set gateway.enabled=false \
    --set providers.kubernetesIngress.enabled=true \
    "$@"
}

# install_cert_manager: with its Gateway API support, so a Gateway annotated with
# cert-manager.io/cluster-issuer gets its listeners' certificates (needs the Gateway API CRDs first).
install_cert_manager() {
  log "cert-manager ${CERT_MANAGER_VERSION} (Gateway API support on)"
  helm upgrade --install cert-manager cert-manager --repo https://charts.jetstack.io \
    --version "$CERT_MANAGER_VERSION" --namespace cert-manager --create-namespace --wait --timeout 10m \
    --set crds.enabled=true \
    --set config.enableGatewayAPI=true
}

# secret_exists NAME
secret_exists() {
  kubectl -n "$APP_NAMESPACE" get secret "$1" >/dev/null 2>&1
}

# create_secret_once NAME KEY=VALUE...: created on the first run only, so re-running a setup script
# never rotates tokens under running pods. Values travel on stdin, never on a command line.
create_secret_once() {
  local name="$1"
  shift
  if secret_exists "$name"; then
    log "secret ${name} exists, kept"
    return
  fi
  log "secret ${name} created"
  local env_file
  env_file="$(mktemp)"
  chmod 600 "$env_file"
  printf '%s\n' "$@" >"$env_file"
  kubectl -n "$APP_NAMESPACE" create secret generic "$name" --from-env-file="$env_file" \
    --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  rm -f "$env_file"
}

random_secret() {
  openssl rand -hex 32
}

# The apps with their own Dapr tokens; the chart names the Secrets <app>-app-api-token (daprd -> app,
# dapr.io/app-token-secret) and <app>-dapr-api-token (app -> daprd, dapr.io/api-token-secret), key token.
TOKEN_APPS=(todo-api notification-service recurring-service)

# app_secrets: the auth secret and each app's own two Dapr tokens (random; a token from the environment,
# e.g. TODO_API_APP_API_TOKEN or RECURRING_SERVICE_DAPR_API_TOKEN, when given), then checks them.
app_secrets() {
  create_secret_once todo-auth "BETTER_AUTH_SECRET=${BETTER_AUTH_SECRET:-$(random_secret)}"
  local app prefix app_var dapr_var
  for app in "${TOKEN_APPS[@]}"; do
    prefix="$(printf '%s' "$app" | tr 'a-z-' 'A-Z_')"
    app_var="${prefix}_APP_API_TOKEN"
    dapr_var="${prefix}_DAPR_API_TOKEN"
    create_secret_once "${app}-app-api-token" "token=${!app_var:-$(random_secret)}"
    create_secret_once "${app}-dapr-api-token" "token=${!dapr_var:-$(random_secret)}"
  done
  check_app_token_secrets
}

# check_app_token_secrets: every app's two token Secrets exist with a non-empty token, and no token is
# used twice (a shared token would let one service call another's Dapr-only routes). Values are
# compared as hashes and never printed.
check_app_token_secrets() {
  local app suffix token hashes=""
  for app in "${TOKEN_APPS[@]}"; do
    for suffix in app-api-token dapr-api-token; do
      token="$(kubectl -n "$APP_NAMESPACE" get secret "${app}-${suffix}" -o jsonpath='{.data.token}' 2>/dev/null || true)"
      [[ -n "$token" ]] || die "secret ${app}-${suffix} is missing or its key token is empty"
      hashes+="$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)"$'\n'
    done
  done
  [[ -z "$(printf '%s' "$hashes" | sort | uniq -d)" ]] \
    || die "two Dapr token Secrets hold the same token; every app needs its own (delete them and re-run)"
  log "Dapr token Secrets: ${#TOKEN_APPS[@]} apps, each with its own non-empty tokens"
}

build_verifier() {
  log "Building the deployment verifier"
  (cd "$REPO_ROOT" && ./mvnw -B -q -pl deploy-verifier -am package -DskipTests)
}

run_verifier() {
  log "Verifying the release"
  java -jar "$REPO_ROOT/deploy-verifier/target/deploy-verifier.jar" \
    --namespace "$APP_NAMESPACE" --release "$RELEASE" \
    --kafka-namespace "$KAFKA_NAMESPACE" --kafka-cluster "$KAFKA_CLUSTER" --wait 300
}
