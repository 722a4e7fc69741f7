#!/usr/bin/env bash
# Installs the whole platform on Minikube: Strimzi + a single-node KRaft Kafka, Dapr, the Gateway
# API CRDs and Traefik (the front door, on the node's ports 80/443), cert-manager with a self-signed
# issuer, images built by Jib (no Docker daemon needed) and loaded into the node, the Helm release,
# then `helm test` and the deployment verifier.
# Safe to re-run: every step is an upgrade or a no-op when already done.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/k8s-common.sh
source "$REPO_ROOT/scripts/lib/k8s-common.sh"

MINIKUBE_PROFILE="${MINIKUBE_PROFILE:-todo}"
MINIKUBE_CPUS="${MINIKUBE_CPUS:-4}"
MINIKUBE_MEMORY="${MINIKUBE_MEMORY:-8192}"
SKIP_IMAGES=false

usage() {
  cat <<USAGE
Usage: scripts/setup-minikube.sh [--skip-images] [--print-versions] [--help]

Sets up Minikube profile "${MINIKUBE_PROFILE}" (MINIKUBE_PROFILE, MINIKUBE_CPUS=${MINIKUBE_CPUS},
MINIKUBE_MEMORY=${MINIKUBE_MEMORY} MiB) with Strimzi, Dapr, Traefik (Gateway API), cert-manager and
the todo-app release in namespace ${APP_NAMESPACE}, then runs helm test and the deployment verifier.

  --skip-images      reuse the images already loaded into Minikube (tag: current git commit)
  --print-versions   print the pinned versions and exit
  --help             this text

Needs: minikube, kubectl, helm (3.8+), java 17+, git, openssl. Secrets are generated once and kept
(BETTER_AUTH_SECRET, DATABASE_PASSWORD and per-app tokens such as TODO_API_APP_API_TOKEN or
RECURRING_SERVICE_DAPR_API_TOKEN are used when set; each app gets its own two Dapr tokens).
Afterwards: add "\$(minikube -p ${MINIKUBE_PROFILE} ip) todo.local" to /etc/hosts and open https://todo.local.
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --help | -h) usage; exit 0 ;;
    --print-versions) print_versions; exit 0 ;;
    --skip-images) SKIP_IMAGES=true ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done

preflight() {
  require_cmd minikube "Install it from the Minikube releases (https://minikube.sigs.k8s.io)."
  require_cmd kubectl "Install kubectl matching your Minikube Kubernetes version."
  require_cmd helm "Install Helm 3.8 or newer (OCI chart support is needed for Strimzi)."
  require_cmd git "Install git."
  require_cmd openssl "Install openssl (used to generate secrets)."
  require_java17
  load_versions
}

start_minikube() {
  if minikube -p "$MINIKUBE_PROFILE" status --format '{{.Host}}' 2>/dev/null | grep -q Running; then
    log "Minikube profile ${MINIKUBE_PROFILE} is running"
  else
    log "Starting Minikube profile ${MINIKUBE_PROFILE}"
    minikube start -p "$MINIKUBE_PROFILE" --cpus "$MINIKUBE_CPUS" --memory "$MINIKUBE_MEMORY" \
      --addons metrics-server
  fi
  minikube -p "$MINIKUBE_PROFILE" update-context >/dev/null
}

self_signed_issuer() {
  kubectl apply -f - <<'YAML'
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: selfsigned
spec:
  selfSigned: {}
YAML
}

# database_secret: the in-chart PostgreSQL's superuser (it creates the roles on first start) and one
# role per database user, each owning its own database only (the chart's database.roles). The
# in-chart PostgreSQL has no TLS: sslmode=disable, as values-local.yaml's database.sslMode.
database_secret() {
  local password="${DATABASE_PASSWORD:-$(random_secret)}"
  create_secret_once todo-db "username=todo" "password=${password}"
  create_secret_once todo-db-todo-api "username=todo_api" "password=$(random_secret)"
  create_secret_once todo-db-notification "username=notification" "password=$(random_secret)"
  password="$(random_secret)"
  create_secret_once todo-db-statestore "username=dapr_state" "password=${password}" \
    "state-connection-string=host=${RELEASE}-postgresql port=5432 user=dapr_state password=${password} dbname=dapr_state sslmode=disable"
}

# Builds the three service images as tarballs with Jib and loads them into the Minikube node.
build_images() {
  local tag="$1" service
  log "Building images (tag ${tag}) with Jib"
  (cd "$REPO_ROOT" && ./mvnw -B -q -pl todo-api,notification-service,recurring-service -am install -DskipTests)
  for service in todo-api notification-service recurring-service; do
    (cd "$REPO_ROOT" && ./mvnw -B -q -pl "$service" jib:buildTar -Dimage.registry=todo -Dimage.tag="$tag")
    log "Loading todo/${service}:${tag} into Minikube"
    minikube -p "$MINIKUBE_PROFILE" image load "$REPO_ROOT/${service}/target/jib-image.tar"
  done
}

main() {
  preflight
  start_minikube
  # kafka/local keeps its plain listener: no extra namespace to watch.
  # shellcheck disable=SC2119
  install_strimzi
  apply_kafka local
  install_dapr false
  install_gateway_api_crds
  # No load balancer on Minikube: Traefik takes the node's ports 80/443 (hostPort -> its
  # entryPoints 8000/8443), so https://todo.local reaches the Gateway at $(minikube ip).
  install_traefik --set service.spec.type=NodePort \
    --set ports.web.hostPort=80 --set ports.websecure.hostPort=443
  install_cert_manager
  self_signed_issuer
  app_namespace
  app_secrets
  database_secret

  local tag
  tag="$(image_tag)"
  if [[ "$SKIP_IMAGES" == false ]]; then
    build_images "$tag"
  fi

  log "Helm release ${RELEASE} (image tag ${tag})"
  helm upgrade --install "$RELEASE" "$REPO_ROOT/helm/todo-app" --namespace "$APP_NAMESPACE" \
    --values "$REPO_ROOT/helm/todo-app/values-local.yaml" --set-string "image.tag=${tag}" \
    --atomic --wait --timeout 10m
  helm test "$RELEASE" --namespace "$APP_NAMESPACE" --timeout 5m

  build_verifier
  run_verifier
  log "Done. $(minikube -p "$MINIKUBE_PROFILE" ip) todo.local -> /etc/hosts, then: curl -k https://todo.local/api/demo/tasks"
}

main
