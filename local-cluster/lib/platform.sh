# shellcheck shell=bash disable=SC2154
# What runs on the node: storage, the Gateway API controller, Dapr's control plane, the service images
# and the chart — installed the way an operator would on any cluster. Sourced by cluster.sh.

helm_() { "$HELM_BIN/helm" --kubeconfig "$STATE/kubeconfig" "$@"; }

install_storage() {
  kubectl_ apply -f "$here/manifests/storage.yaml" >&2
  local i dir
  for i in $(seq 1 "$PV_COUNT"); do
    dir="$STATE/volumes/pv-$i"
    mkdir -p "$dir"
    # A host path gets no fsGroup ownership: the pods (uid 70, 65532) must be able to write it.
    chmod 0777 "$dir"
    kubectl_ apply -f - >&2 <<EOF
apiVersion: v1
kind: PersistentVolume
metadata:
  name: local-pv-$i
spec:
  capacity: {storage: 20Gi}
  accessModes: [ReadWriteOnce]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: local
  hostPath: {path: "$dir", type: Directory}
EOF
  done
}

install_gateway_controller() {
  kubectl_ apply --server-side -f "$GATEWAY_API_CRDS" >&2
  kubectl_ wait --for=condition=Established crd --all --timeout=60s >&2
  sed "s#image: TRAEFIK_IMAGE#image: $TRAEFIK_IMAGE#" "$here/manifests/traefik.yaml" | kubectl_ apply -f - >&2
  wait_rollout traefik deployment/traefik 180
}

# wait_rollout NAMESPACE OBJECT SECONDS : waits for a rollout; on failure shows the pods' state and logs.
wait_rollout() {
  if ! kubectl_ -n "$1" rollout status "$2" --timeout="${3}s" >&2; then
    explain_namespace "$1"
    fail_with kubelet "$2 in namespace $1 did not become ready in ${3}s"
  fi
}

explain_namespace() {
  echo "---- pods, events and recent logs in namespace $1 ----" >&2
  kubectl_ -n "$1" get pods -o wide >&2 || true
  kubectl_ -n "$1" get events --sort-by=.lastTimestamp 2>/dev/null | tail -n 20 >&2 || true
  local pod
  for pod in $(kubectl_ -n "$1" get pods -o name 2>/dev/null); do
    if ! kubectl_ -n "$1" get "$pod" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' | grep -q True; then
      echo "---- $pod ----" >&2
      kubectl_ -n "$1" logs "$pod" --all-containers --tail=20 >&2 || true
    fi
  done
}

install_dapr() {
  # mTLS (Sentry) stays on, as Dapr's chart has it; no actors in this system, so no placement.
  # The Scheduler's three replicas keep their jobs on the cluster's volumes.
  if ! helm_ upgrade --install dapr "$DAPR_CHART" -n dapr-system --create-namespace \
      --set global.registry="$DAPR_REGISTRY" --set global.tag="$DAPR_TAG" \
      --set global.mtls.enabled=true --set global.actors.enabled=false \
      --set dapr_scheduler.cluster.storageSize=1Gi \
      --wait --timeout 6m >&2; then
    explain_namespace dapr-system
    fail_with kubelet "Dapr's chart did not become ready"
  fi
}

build_service_images() {
  IMAGE_TAG="$(cd "$root" && git rev-parse --short=12 HEAD 2>/dev/null || echo local)"
  if [[ -n "$(cd "$root" && git status --porcelain --untracked-files=no 2>/dev/null)" ]]; then
    IMAGE_TAG+="-dirty-$(date +%s)"
  fi
  ROLLOUT_TAG="${IMAGE_TAG}-rollout"
  local t0=$SECONDS
  (cd "$root" && ./mvnw -B -q -ntp -pl todo-api,notification-service,recurring-service -am install \
      -DskipTests -Dmaven.javadoc.skip=true >&2 \
    && ./mvnw -B -q -ntp -pl todo-api,notification-service,recurring-service jib:build \
      -Dimage.registry="$REGISTRY/todo" -Dimage.tag="$IMAGE_TAG" -Djib.to.tags="$ROLLOUT_TAG" \
      -Djib.base-image="$JRE_IMAGE" -Djib.allowInsecureRegistries=true -Djib.console=plain >&2) \
    || { log "Jib could not build or push the service images (above)"; exit 1; }
  log "  service images $REGISTRY/todo/*:$IMAGE_TAG (+ :$ROLLOUT_TAG) in $((SECONDS - t0))s"
}

random_secret() { head -c 48 /dev/urandom | base64 | tr -d '/+=\n' | cut -c1-48; }

install_platform() {
  kubectl_ create namespace "$NAMESPACE" --dry-run=client -o yaml | kubectl_ apply -f - >&2
  mkdir -p "$STATE/secrets"
  chmod 700 "$STATE/secrets"
  local auth db_password app suffix
  auth="$(random_secret)"; db_password="$(random_secret)"
  printf '%s' "$auth" > "$STATE/secrets/better-auth-secret"
  local pg_host="$RELEASE-postgresql"
  # The Secrets an operator creates before installing (the chart's secrets.create stays false).
  kubectl_ -n "$NAMESPACE" create secret generic todo-auth --from-literal=BETTER_AUTH_SECRET="$auth" >&2
  # Each app its own Dapr tokens (daprd -> app, app -> daprd), as the chart's annotations name them.
  for app in todo-api notification-service recurring-service; do
    for suffix in app-api-token dapr-api-token; do
      kubectl_ -n "$NAMESPACE" create secret generic "$app-$suffix" --from-literal=token="$(random_secret)" >&2
      [[ -n "$(kubectl_ -n "$NAMESPACE" get secret "$app-$suffix" -o jsonpath='{.data.token}')" ]] \
        || { echo "secret $app-$suffix has an empty token" >&2; return 1; }
    done
  done
  # The in-chart PostgreSQL's superuser (it creates the roles below on first start; no service uses it)
  # and one role per database user, each owning its own database only (the chart's database.roles).
  # The in-cluster PostgreSQL has no TLS: sslmode=disable, as values-cluster.yaml's database.sslMode.
  kubectl_ -n "$NAMESPACE" create secret generic todo-db --from-literal=username=todo \
    --from-literal=password="$db_password" >&2
  local role_password
  role_password="$(random_secret)"
  kubectl_ -n "$NAMESPACE" create secret generic todo-db-todo-api --from-literal=username=todo_api \
    --from-literal=password="$role_password" >&2
  role_password="$(random_secret)"
  kubectl_ -n "$NAMESPACE" create secret generic todo-db-notification --from-literal=username=notification \
    --from-literal=password="$role_password" >&2
  role_password="$(random_secret)"
  kubectl_ -n "$NAMESPACE" create secret generic todo-db-statestore --from-literal=username=dapr_state \
    --from-literal=password="$role_password" \
    --from-literal=state-connection-string="host=$pg_host port=5432 user=dapr_state password=$role_password database=dapr_state sslmode=disable" >&2
  kubectl_ -n "$NAMESPACE" create secret tls todo-local-tls --cert="$STATE/tls/tls.crt" --key="$STATE/tls/tls.key" >&2
  if ! helm_ upgrade --install "$RELEASE" "$root/helm/todo-app" -n "$NAMESPACE" \
      -f "$root/helm/todo-app/values-cluster.yaml" \
      --set-string image.tag="$IMAGE_TAG" \
      --set postgresql.image="$POSTGRESQL_IMAGE" --set kafka.image="$KAFKA_IMAGE" --set tests.image="$CURL_IMAGE" \
      --wait --timeout 10m >&2; then
    explain_namespace "$NAMESPACE"
    fail_with kubelet "the chart did not become ready"
  fi
}

write_front_door() {
  cat > "$STATE/front-door.properties" <<EOF
url=https://$FRONT_DOOR_HOST
host=$FRONT_DOOR_HOST
address=$NODE_IP
port=443
ca-cert=$STATE/tls/ca.crt
kubeconfig=$STATE/kubeconfig
kubectl=$KUBECTL
helm=$HELM_BIN/helm
namespace=$NAMESPACE
release=$RELEASE
dapr-namespace=dapr-system
chart=$root/helm/todo-app
values=$root/helm/todo-app/values-cluster.yaml
image-registry=$REGISTRY/todo
image-tag=$IMAGE_TAG
rollout-tag=$ROLLOUT_TAG
auth-secret-file=$STATE/secrets/better-auth-secret
kafka-pod-selector=app.kubernetes.io/component=kafka
curl-image=$CURL_IMAGE
EOF
}
