#!/usr/bin/env bash
# mmdebstrap hooks are single-quoted on purpose: mmdebstrap expands "$1" (the target) itself.
# shellcheck disable=SC2016
# Builds the container images the local cluster needs — no public registry is reachable, so each is
# made here — and pushes them to the cluster's registry (REGISTRY, plain HTTP):
#   todo/jre17, todo/kafka, todo/postgresql, todo/curl   Debian root file systems made by mmdebstrap
#   todo/pause                                           the pod sandbox (a tiny static Go program)
#   dapr/{daprd,operator,sentry,placement,scheduler,injector}, traefik/traefik   binary + CA certificates
# Root file systems and gzipped layers are cached under ~/.cache/todo-platform/cluster/images, keyed
# by a hash of what goes into them; an image whose tag the registry already holds is not pushed again
# (the registry's storage is cached too).
# Needs: REGISTRY, DAPR_BIN, DAPR_VERSION, TRAEFIK_BIN, TRAEFIK_VERSION, DEBIAN_SUITE in the environment.
set -euo pipefail
shopt -s inherit_errexit

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/todo-platform/cluster/images"
mkdir -p "$cache"
log() { echo "cluster-images: $*" >&2; }
: "${REGISTRY:?}" "${DAPR_BIN:?}" "${DAPR_VERSION:?}" "${TRAEFIK_BIN:?}" "${TRAEFIK_VERSION:?}" "${DEBIAN_SUITE:?}"

in_registry() { # name tag
  curl -sf -o /dev/null -I -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "http://${REGISTRY}/v2/$1/manifests/$2"
}

push() { # layout-dir name tag
  log "pushing $2:$3"
  skopeo copy --quiet --dest-tls-verify=false "oci:$1:$3" "docker://${REGISTRY}/$2:$3" >&2
}

# rootfs NAME PACKAGES [mmdebstrap options...] : a cached Debian root file system tar.
rootfs() {
  local name="$1" packages="$2"; shift 2
  local key tar
  # Keyed by what makes the file system: this function, the suite, packages and hooks, the files copied in.
  key="$( { declare -f rootfs; printf '%s\n' "$DEBIAN_SUITE" "$packages" "$@"; cat "$here/postgresql/docker-entrypoint.sh"; } \
    | sha256sum | cut -c1-12)"
  tar="$cache/rootfs-$name-$key.tar"
  if [[ ! -f "$tar" ]]; then
    log "making the $name root file system with mmdebstrap ($packages) — about 2 minutes, first run only"
    local t0=$SECONDS
    rm -rf "$cache/rootfs-$name-"*.tar*
    mmdebstrap --quiet --variant=minbase --format=tar --include="$packages" \
      --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
      --dpkgopt='path-exclude=/usr/share/locale/*' \
      --essential-hook='mkdir -p "$1"/usr/share/man/man1' \
      "$@" \
      --customize-hook='rm -rf "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/*' \
      "$DEBIAN_SUITE" "$tar.tmp" >&2
    mv "$tar.tmp" "$tar"
    log "made $name in $((SECONDS - t0))s"
  fi
  echo "$tar"
}

# files_layer NAME DIR : a tar of DIR's contents as root-owned files (a layer over nothing).
files_layer() {
  local tar="$cache/layer-$1.tar"
  tar --sort=name --mtime='@0' --owner=0 --group=0 --numeric-owner -C "$2" -cf "$tar.tmp" .
  if [[ -f "$tar" ]] && cmp -s "$tar" "$tar.tmp"; then rm "$tar.tmp"; else mv "$tar.tmp" "$tar"; fi
  echo "$tar"
}

# image NAME TAG LAYER... [-- oci-image.py options] : prints the image reference.
image() {
  local name="$1" tag="$2"; shift 2
  local layers=() opts=()
  while [[ $# -gt 0 && "$1" != -- ]]; do layers+=(--layer "$1"); shift; done
  [[ "${1:-}" == -- ]] && { shift; opts=("$@"); }
  if in_registry "$name" "$tag"; then
    log "$name:$tag already in the registry"
  else
    local out="$cache/oci-${name//\//-}"
    python3 "$here/oci-image.py" "$out" --tag "$tag" "${layers[@]}" "${opts[@]}"
    push "$out" "$name" "$tag"
  fi
  echo "${REGISTRY}/$name:$tag"
}

# tag_of FILE : a short content hash for an image tag (a changed image is a new tag, never a reused one).
tag_of() { sha256sum "$1" | cut -c1-12; }

# A passwd/group for the non-root users the pods run as (65532 for apps and Dapr, 70 for PostgreSQL).
static_dir="$(mktemp -d)"
trap 'rm -rf "$static_dir"' EXIT
minimal_root() { # dir
  mkdir -p "$1/etc/ssl/certs" "$1/tmp"
  chmod 1777 "$1/tmp"
  cp /etc/ssl/certs/ca-certificates.crt "$1/etc/ssl/certs/"
  printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' > "$1/etc/passwd"
  printf 'root:x:0:\nnonroot:x:65532:\n' > "$1/etc/group"
}

start=$SECONDS

# The pod sandbox: pauses until a signal, reaps nothing (the pod's processes are in their own PID space).
pause_dir="$static_dir/pause"
mkdir -p "$pause_dir"
(cd "$here/pause" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$pause_dir/pause" .)
pause_layer="$(files_layer pause "$pause_dir")"
ref="$(image todo/pause "3.10-$(tag_of "$pause_layer")" "$pause_layer" -- --entrypoint '["/pause"]' --user 65535:65535)"
echo "PAUSE_IMAGE=$ref"

# Dapr's chart names every image <registry>/<name>:<global.tag>; the tag carries the build's inputs
# hash, so a changed daprd main is a new tag.
dapr_tag="${DAPR_VERSION}-$(cat "$DAPR_BIN/inputs")"
for bin in daprd operator sentry placement scheduler injector; do
  d="$static_dir/$bin"
  minimal_root "$d"
  cp "$DAPR_BIN/$bin" "$d/$bin"
  image "dapr/$bin" "$dapr_tag" "$(files_layer "dapr-$bin" "$d")" -- --entrypoint "[\"/$bin\"]" --user 65532:65532 >/dev/null
done
echo "DAPR_REGISTRY=${REGISTRY}/dapr"
echo "DAPR_TAG=$dapr_tag"

d="$static_dir/traefik"
minimal_root "$d"
cp "$TRAEFIK_BIN/traefik" "$d/traefik"
ref="$(image traefik/traefik "$TRAEFIK_VERSION" "$(files_layer traefik "$d")" -- --entrypoint '["/traefik"]' --user 65532:65532)"
echo "TRAEFIK_IMAGE=$ref"

nonroot_hook='chroot "$1" groupadd -g 65532 nonroot && chroot "$1" useradd -u 65532 -g 65532 -d /home/nonroot -M -s /usr/sbin/nologin nonroot'

# The JRE base of the three services (Jib) and of Kafka.
jre="$(rootfs jre17 openjdk-17-jre-headless,ca-certificates --customize-hook="$nonroot_hook")"
ref="$(image todo/jre17 "17-$(tag_of "$jre")" "$jre" -- --user 65532:65532 --env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64)"
echo "JRE_IMAGE=$ref"

kafka_version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$root/pom.xml")"
kafka_dir="$static_dir/kafka"
mkdir -p "$kafka_dir/opt/kafka/libs"
if [[ ! -f "$cache/kafka-libs-$kafka_version.tar" ]]; then
  log "collecting Kafka ${kafka_version}'s jars from Maven"
  "$root/mvnw" -q -B -f "$here/kafka/pom.xml" dependency:copy-dependencies -DincludeScope=runtime \
    -DoutputDirectory="$kafka_dir/opt/kafka/libs" >&2
  tar --sort=name --mtime='@0' --owner=0 --group=0 --numeric-owner -C "$kafka_dir" -cf "$cache/kafka-libs-$kafka_version.tar" .
fi
ref="$(image todo/kafka "${kafka_version}-$(tag_of "$jre")" "$jre" "$cache/kafka-libs-$kafka_version.tar" -- \
  --user 65532:65532 --env JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 --workdir /opt/kafka)"
echo "KAFKA_IMAGE=$ref"

# PostgreSQL with an entrypoint that keeps the official image's contract (POSTGRES_USER/PASSWORD,
# PGDATA, /docker-entrypoint-initdb.d), as uid/gid 70 like the Alpine image the chart was written for.
pg="$(rootfs postgresql postgresql-15 \
  --customize-hook='chroot "$1" sh -ec "groupmod -g 70 postgres; usermod -u 70 -g 70 postgres; rm -rf /var/lib/postgresql/15 /etc/postgresql/15; mkdir -p /var/run/postgresql; chown -R 70:70 /var/lib/postgresql /var/run/postgresql"' \
  --customize-hook="copy-in $here/postgresql/docker-entrypoint.sh /usr/local/bin/" \
  --customize-hook='chmod 755 "$1"/usr/local/bin/docker-entrypoint.sh && mkdir -p "$1"/docker-entrypoint-initdb.d')"
ref="$(image todo/postgresql "15-$(tag_of "$pg")" "$pg" -- --entrypoint '["docker-entrypoint.sh"]' --cmd '["postgres"]' --user 70:70 \
  --env 'PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --env PGDATA=/var/lib/postgresql/data)"
echo "POSTGRESQL_IMAGE=$ref"

curl_fs="$(rootfs curl curl,ca-certificates --customize-hook="$nonroot_hook")"
ref="$(image todo/curl "${DEBIAN_SUITE}-$(tag_of "$curl_fs")" "$curl_fs" -- --user 65532:65532)"
echo "CURL_IMAGE=$ref"

log "images ready ($((SECONDS - start))s)"
