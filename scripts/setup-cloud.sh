#!/usr/bin/env bash
# Installs the platform on DigitalOcean Kubernetes (DOKS): the cluster, a container registry and a
# managed PostgreSQL (created when missing), Strimzi with a three-node KRaft Kafka, Dapr in HA mode,
# the Gateway API CRDs and Traefik behind a DigitalOcean load balancer (the front door; ingress-nginx
# is retired upstream), cert-manager with Let's Encrypt (Gateway API support, HTTP-01 on the
# Gateway's HTTP listener), images pushed by Jib, the Helm release, then `helm test`, the deployment
# verifier and a request to the public URL.
# Safe to re-run: every step looks before it creates, and Helm steps are upgrades.
#
# Other clouds (the Kubernetes part after "kubeconfig" is identical; only the first steps differ):
#   AKS: az group create -n todo -l westeurope
#        az aks create -g todo -n todo-cluster --node-count 3 --zones 1 2 3 --enable-managed-identity
#        az acr create -g todo -n todoplatform --sku Basic && az aks update -g todo -n todo-cluster --attach-acr todoplatform
#        az aks get-credentials -g todo -n todo-cluster
#        PostgreSQL: az postgres flexible-server create ...; registry: todoplatform.azurecr.io (az acr login)
#   GKE: gcloud container clusters create-auto todo-cluster --region europe-west1
#        gcloud artifacts repositories create todo --repository-format=docker --location=europe-west1
#        gcloud container clusters get-credentials todo-cluster --region europe-west1
#        PostgreSQL: gcloud sql instances create ... (Cloud SQL, private IP); registry:
#        europe-west1-docker.pkg.dev/<project>/todo (gcloud auth configure-docker)
#   Then run this script with --skip-provision, and REGISTRY, DATABASE_HOST/PORT/USER/PASSWORD and
#   DATABASE_CA_FILE set.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source-path=SCRIPTDIR source=lib/k8s-common.sh
source "$REPO_ROOT/scripts/lib/k8s-common.sh"

CLUSTER="${CLUSTER:-todo-cluster}"
REGION="${REGION:-fra1}"
K8S_VERSION="${K8S_VERSION:-1.33}"
NODE_SIZE="${NODE_SIZE:-s-4vcpu-8gb}"
REGISTRY_NAME="${REGISTRY_NAME:-todo-platform}"
DB_CLUSTER="${DB_CLUSTER:-todo-db}"
# psql for the database roles (the chart's postgresql.image: pinned, uid 70).
POSTGRES_CLIENT_IMAGE="${POSTGRES_CLIENT_IMAGE:-docker.io/library/postgres:16.10-alpine3.22}"
HOST="${HOST:-}"
LETSENCRYPT_EMAIL="${LETSENCRYPT_EMAIL:-}"
SKIP_PROVISION=false
SKIP_IMAGES=false

usage() {
  cat <<USAGE
Usage: scripts/setup-cloud.sh --host HOST --email EMAIL [options]

Provisions (when missing) DOKS cluster "${CLUSTER}" in ${REGION}, registry "${REGISTRY_NAME}" and
managed PostgreSQL "${DB_CLUSTER}", installs Strimzi, Dapr (HA), Traefik (Gateway API), cert-manager
and the todo-app release, then verifies it and requests https://HOST/.

  --host HOST         public host name of the API (DNS A record -> Traefik's load balancer)
  --email EMAIL       Let's Encrypt account e-mail
  --skip-provision    use the current kubectl context; no doctl calls (AKS, GKE, existing clusters)
  --skip-images       deploy images already in the registry for the current git commit
  --print-versions    print the pinned versions and exit
  --help              this text

Environment: DIGITALOCEAN_ACCESS_TOKEN (unless --skip-provision); CLUSTER, REGION, K8S_VERSION,
NODE_SIZE, REGISTRY_NAME, DB_CLUSTER to override names; REGISTRY (full image prefix) and
DATABASE_HOST, DATABASE_PORT, DATABASE_USER, DATABASE_PASSWORD (an admin that may create roles) and
DATABASE_CA_FILE (the server certificate's CA) with --skip-provision;
BETTER_AUTH_SECRET and per-app Dapr tokens (TODO_API_APP_API_TOKEN, TODO_API_DAPR_API_TOKEN,
NOTIFICATION_SERVICE_..., RECURRING_SERVICE_...) to set the app secrets (else generated once, each app its own).
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --help | -h) usage; exit 0 ;;
    --print-versions) print_versions; exit 0 ;;
    --host) HOST="${2:?--host needs a value}"; shift ;;
    --email) LETSENCRYPT_EMAIL="${2:?--email needs a value}"; shift ;;
    --skip-provision) SKIP_PROVISION=true ;;
    --skip-images) SKIP_IMAGES=true ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
  shift
done

preflight() {
  [[ -n "$HOST" ]] || die "--host is required (the public DNS name of the API)."
  [[ -n "$LETSENCRYPT_EMAIL" ]] || die "--email is required (Let's Encrypt registration)."
  require_cmd kubectl "Install kubectl."
  require_cmd helm "Install Helm 3.8 or newer."
  require_cmd git "Install git."
  require_cmd openssl "Install openssl."
  require_cmd curl "Install curl."
  require_java17
  if [[ "$SKIP_PROVISION" == false ]]; then
    require_cmd doctl "Install doctl (https://docs.digitalocean.com/reference/doctl/how-to/install/)."
    [[ -n "${DIGITALOCEAN_ACCESS_TOKEN:-}" ]] || die "DIGITALOCEAN_ACCESS_TOKEN is not set."
  else
    [[ -n "${REGISTRY:-}" ]] || die "REGISTRY (image prefix, e.g. myacr.azurecr.io/todo) is required with --skip-provision."
    for var in DATABASE_HOST DATABASE_PORT DATABASE_USER DATABASE_PASSWORD DATABASE_CA_FILE; do
      [[ -n "${!var:-}" ]] || die "$var is required with --skip-provision."
    done
    kubectl cluster-info >/dev/null 2>&1 || die "kubectl has no reachable cluster in its current context."
  fi
  load_versions
}

provision_doks() {
  if doctl kubernetes cluster get "$CLUSTER" >/dev/null 2>&1; then
    log "DOKS cluster ${CLUSTER} exists"
  else
    local version
    version="$(doctl kubernetes options versions --format Slug --no-header | grep "^${K8S_VERSION}\." | head -n 1)"
    [[ -n "$version" ]] || die "DOKS offers no Kubernetes ${K8S_VERSION}.x; see: doctl kubernetes options versions"
    log "Creating DOKS cluster ${CLUSTER} (${version}, ${REGION})"
    doctl kubernetes cluster create "$CLUSTER" --region "$REGION" --version "$version" --ha \
      --node-pool "name=default;size=${NODE_SIZE};count=3;auto-scale=true;min-nodes=3;max-nodes=6" --wait
  fi
  doctl kubernetes cluster kubeconfig save "$CLUSTER"

  if doctl registry get >/dev/null 2>&1; then
    log "Container registry exists"
  else
    log "Creating container registry ${REGISTRY_NAME}"
    doctl registry create "$REGISTRY_NAME" --subscription-tier basic --region "$REGION"
  fi
  REGISTRY="registry.digitalocean.com/$(doctl registry get --format Name --no-header)"
  # Lets every namespace of the cluster pull from the registry.
  doctl kubernetes cluster registry add "$CLUSTER"
  doctl registry login --expiry-seconds 3600

  local db_id
  db_id="$(doctl databases list --format ID,Name --no-header | awk -v n="$DB_CLUSTER" '$2 == n {print $1}')"
  if [[ -z "$db_id" ]]; then
    log "Creating managed PostgreSQL ${DB_CLUSTER}"
    db_id="$(doctl databases create "$DB_CLUSTER" --engine pg --version 16 --region "$REGION" \
      --size db-s-1vcpu-2gb --num-nodes 1 --wait --format ID --no-header)"
  fi
  local db
  for db in todo_api notification dapr_state; do
    doctl databases db get "$db_id" "$db" >/dev/null 2>&1 || doctl databases db create "$db_id" "$db"
  done
  local cluster_id
  cluster_id="$(doctl kubernetes cluster get "$CLUSTER" --format ID --no-header)"
  doctl databases firewalls list "$db_id" --format Value --no-header | grep -qx "$cluster_id" ||
    doctl databases firewalls append "$db_id" --rule "k8s:${cluster_id}"
  read -r DATABASE_HOST DATABASE_PORT DATABASE_USER DATABASE_PASSWORD < <(
    doctl databases connection "$db_id" --private --format Host,Port,User,Password --no-header)
  # The CA of the database's certificate (verify-full); doctl prints it base64-encoded.
  DATABASE_CA_FILE="$(mktemp)"
  doctl databases get-ca "$db_id" --format Certificate --no-header | base64 -d >"$DATABASE_CA_FILE"
}

# The chart's Gateway is named after the release (its fullname: "todo-app" for release todo-app);
# cert-manager attaches its HTTP-01 challenge routes to that Gateway's HTTP listener.
GATEWAY_NAME="$RELEASE"

letsencrypt_issuer() {
  kubectl apply -f - <<YAML
apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata:
  name: letsencrypt-prod
spec:
  acme:
    server: https://acme-v02.api.letsencrypt.org/directory
    email: ${LETSENCRYPT_EMAIL}
    privateKeySecretRef:
      name: letsencrypt-prod-account
    solvers:
      - http01:
          gatewayHTTPRoute:
            parentRefs:
              - kind: Gateway
                name: ${GATEWAY_NAME}
                namespace: ${APP_NAMESPACE}
                sectionName: http
YAML
}

# database_ca: the CA of the managed PostgreSQL's certificate, Secret todo-db-ca (values-cloud.yaml's
# database.ca): the services and the state store connect with sslmode=verify-full against it.
database_ca() {
  [[ -s "${DATABASE_CA_FILE:-}" ]] || die "DATABASE_CA_FILE (the database server's CA certificate) is required"
  kubectl -n "$APP_NAMESPACE" create secret generic todo-db-ca --from-file=ca.crt="$DATABASE_CA_FILE" \
    --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  log "secret todo-db-ca (database CA) in ${APP_NAMESPACE}"
}

# database_roles: one login role per database user (the chart's database.roles), each owning its own
# database only, CONNECT revoked from PUBLIC, its credentials in its own Secret. Made once: an
# existing Secret means the role exists and is kept.
database_roles() {
  local key role db secret password
  while read -r key role db secret; do
    if secret_exists "$secret"; then
      log "secret ${secret} exists, role ${role} kept"
      continue
    fi
    password="$(random_secret)"
    database_role "$role" "$db" "$password"
    if [[ "$key" == statestore ]]; then
      create_secret_once "$secret" "username=${role}" "password=${password}" \
        "state-connection-string=host=${DATABASE_HOST} port=${DATABASE_PORT} user=${role} password=${password} dbname=${db} sslmode=verify-full sslrootcert=/mnt/db-ca/ca.crt"
    else
      create_secret_once "$secret" "username=${role}" "password=${password}"
    fi
  done <<'ROLES'
todo-api todo_api todo_api todo-db-todo-api
notification-service notification notification todo-db-notification
statestore dapr_state dapr_state todo-db-statestore
ROLES
}

# database_role ROLE DATABASE PASSWORD: creates (or re-keys) the role and hands it the database, as
# the admin user, from a short-lived psql pod (the managed database admits the cluster only). The
# credentials travel in a temporary Secret, never on a command line.
database_role() {
  local env_file
  env_file="$(mktemp)"
  chmod 600 "$env_file"
  printf '%s\n' "PGHOST=${DATABASE_HOST}" "PGPORT=${DATABASE_PORT}" "PGUSER=${DATABASE_USER}" \
    "PGPASSWORD=${DATABASE_PASSWORD}" "PGDATABASE=$2" "PGSSLMODE=verify-full" "PGSSLROOTCERT=/ca/ca.crt" \
    "ROLE_NAME=$1" "ROLE_PASSWORD=$3" >"$env_file"
  kubectl -n "$APP_NAMESPACE" create secret generic todo-db-role-setup --from-env-file="$env_file" \
    --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  rm -f "$env_file"
  log "database role $1 owns database $2"
  kubectl -n "$APP_NAMESPACE" run todo-db-role-setup --image="$POSTGRES_CLIENT_IMAGE" --restart=Never \
    --rm -i --quiet --overrides='{"spec":{"automountServiceAccountToken":false,
      "securityContext":{"runAsNonRoot":true,"runAsUser":70,"seccompProfile":{"type":"RuntimeDefault"}},
      "volumes":[{"name":"ca","secret":{"secretName":"todo-db-ca"}}],
      "containers":[{"name":"todo-db-role-setup","image":"'"$POSTGRES_CLIENT_IMAGE"'","stdin":true,
        "command":["psql","-v","ON_ERROR_STOP=1","-f","-"],
        "envFrom":[{"secretRef":{"name":"todo-db-role-setup"}}],
        "volumeMounts":[{"name":"ca","mountPath":"/ca","readOnly":true}],
        "securityContext":{"allowPrivilegeEscalation":false,"readOnlyRootFilesystem":true,"capabilities":{"drop":["ALL"]}}}]}}' <<'SQL'
\getenv role ROLE_NAME
\getenv password ROLE_PASSWORD
SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
ALTER ROLE :"role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'password';
-- PostgreSQL 16: the admin may hand a database only to a role it is a member of.
GRANT :"role" TO CURRENT_USER;
SELECT format('ALTER DATABASE %I OWNER TO %I', current_database(), :'role') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', current_database()) \gexec
SQL
  kubectl -n "$APP_NAMESPACE" delete secret todo-db-role-setup --ignore-not-found >/dev/null
}

# kafka_ca_secret: the Kafka cluster CA certificate (public, no key) copied into the app namespace,
# where the pub/sub component verifies the brokers with it. Re-run after Strimzi renews its CA.
kafka_ca_secret() {
  local ca
  ca="$(mktemp)"
  kubectl -n "$KAFKA_NAMESPACE" get secret "${KAFKA_CLUSTER}-cluster-ca-cert" -o jsonpath='{.data.ca\.crt}' \
    | base64 -d >"$ca"
  [[ -s "$ca" ]] || die "no ca.crt in secret ${KAFKA_CLUSTER}-cluster-ca-cert"
  kubectl -n "$APP_NAMESPACE" create secret generic "${KAFKA_CLUSTER}-cluster-ca-cert" --from-file=ca.crt="$ca" \
    --dry-run=client -o yaml | kubectl apply -f - >/dev/null
  rm -f "$ca"
  log "secret ${KAFKA_CLUSTER}-cluster-ca-cert (Kafka cluster CA) in ${APP_NAMESPACE}"
}

push_images() {
  local tag="$1"
  log "Building and pushing images ${REGISTRY}/<service>:${tag} with Jib"
  (cd "$REPO_ROOT" && ./mvnw -B -q -pl todo-api,notification-service,recurring-service -am install -DskipTests)
  (cd "$REPO_ROOT" && ./mvnw -B -q -pl todo-api,notification-service,recurring-service jib:build \
    -Dimage.registry="$REGISTRY" -Dimage.tag="$tag")
}

check_public_url() {
  local code
  log "Checking https://${HOST}/ through the Gateway"
  # Without a token the API answers 401 problem+json: that proves the request reached todo-api.
  code="$(curl --silent --output /dev/null --write-out '%{http_code}' --retry 10 --retry-delay 15 \
    --retry-all-errors "https://${HOST}/api/healthcheck/tasks")" || true
  [[ "$code" == "401" ]] || die "https://${HOST}/api/healthcheck/tasks answered ${code:-nothing}, expected 401 from todo-api"
  log "Public URL answers (401 without a token, as it should)"
}

main() {
  preflight
  if [[ "$SKIP_PROVISION" == false ]]; then
    provision_doks
  fi
  # The apps' KafkaUsers live in the app namespace (kafka/cloud's userOperator.watchedNamespace),
  # so the operator gets rights there too; the namespace must exist first.
  app_namespace
  install_strimzi --set "watchNamespaces={${APP_NAMESPACE}}"
  apply_kafka cloud
  kafka_ca_secret
  install_dapr true
  install_gateway_api_crds
  # A DigitalOcean load balancer in front of Traefik: 80 -> web (8000), 443 -> websecure (8443).
  install_traefik --set service.spec.type=LoadBalancer
  install_cert_manager
  letsencrypt_issuer
  app_secrets
  database_ca
  database_roles

  local tag
  tag="$(image_tag)"
  if [[ "$SKIP_IMAGES" == false ]]; then
    push_images "$tag"
  fi

  log "Helm release ${RELEASE} (image tag ${tag})"
  helm upgrade --install "$RELEASE" "$REPO_ROOT/helm/todo-app" --namespace "$APP_NAMESPACE" \
    --values "$REPO_ROOT/helm/todo-app/values-cloud.yaml" \
    --set-string "image.registry=${REGISTRY},image.tag=${tag},gateway.hostname=${HOST}" \
    --set-string "database.host=${DATABASE_HOST}" --set "database.port=${DATABASE_PORT}" \
    --atomic --wait --timeout 15m
  helm test "$RELEASE" --namespace "$APP_NAMESPACE" --timeout 5m

  build_verifier
  run_verifier
  check_public_url
  log "Done: https://${HOST}/"
}

main
