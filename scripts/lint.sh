#!/usr/bin/env bash
# Lints every shell script with shellcheck and every GitHub Actions workflow with actionlint (which
# also runs shellcheck on the workflows' `run:` blocks). Installs both when missing: shellcheck from
# Debian's packages, actionlint with `go install` at a pinned version into a cache directory.
# Exits non-zero on any finding.
set -euo pipefail

ACTIONLINT_VERSION="v1.7.12"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${LINT_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/todo-platform/lint}"

usage() {
  cat <<USAGE
Usage: scripts/lint.sh [--help]
Runs shellcheck on every tracked *.sh file, .ci/run and mvnw, and actionlint ${ACTIONLINT_VERSION} on
.github/workflows/*.yml. Tools are installed when missing (apt-get for shellcheck, go install for
actionlint into ${CACHE_DIR}; LINT_CACHE_DIR overrides).
USAGE
}

die() { printf 'lint: %s\n' "$*" >&2; exit 1; }

if [[ $# -gt 0 ]]; then
  case "$1" in
    --help | -h) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
fi

ensure_shellcheck() {
  command -v shellcheck >/dev/null 2>&1 && return
  command -v apt-get >/dev/null 2>&1 || die "shellcheck is missing and apt-get is not available to install it"
  local sudo=()
  [[ "$(id -u)" -eq 0 ]] || sudo=(sudo)
  echo "lint: installing shellcheck from Debian packages" >&2
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq shellcheck >/dev/null
}

ensure_actionlint() {
  ACTIONLINT="$CACHE_DIR/actionlint-$ACTIONLINT_VERSION/actionlint"
  [[ -x "$ACTIONLINT" ]] && return
  command -v go >/dev/null 2>&1 || die "actionlint is missing and go is not available to install it"
  echo "lint: installing actionlint ${ACTIONLINT_VERSION} with go install" >&2
  mkdir -p "$(dirname "$ACTIONLINT")"
  GOBIN="$(dirname "$ACTIONLINT")" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@${ACTIONLINT_VERSION}"
}

scripts() {
  if git -C "$REPO_ROOT" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$REPO_ROOT" ls-files -- '*.sh'
  else
    (cd "$REPO_ROOT" && find . -name '*.sh' -not -path '*/target/*' -not -path './.git/*' | sed 's|^\./||')
  fi
  for extra in .ci/run mvnw; do
    [[ -f "$REPO_ROOT/$extra" ]] && printf '%s\n' "$extra"
  done
}

ensure_shellcheck
ensure_actionlint

cd "$REPO_ROOT"
mapfile -t files < <(scripts | sort -u)
[[ ${#files[@]} -gt 0 ]] || die "no shell scripts found"
shellcheck --version | sed -n 's/^version: /lint: shellcheck /p'
shellcheck --external-sources "${files[@]}"
echo "lint: shellcheck clean on ${#files[@]} scripts: ${files[*]}"

mapfile -t workflows < <(find .github/workflows -maxdepth 1 \( -name '*.yml' -o -name '*.yaml' \) | sort)
[[ ${#workflows[@]} -gt 0 ]] || die "no workflows found in .github/workflows"
"$ACTIONLINT" -version | head -n 1 | sed 's/^/lint: actionlint /'
"$ACTIONLINT" "${workflows[@]}"
echo "lint: actionlint clean on ${#workflows[@]} workflows: ${workflows[*]}"
