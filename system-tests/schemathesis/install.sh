#!/usr/bin/env bash
# Installs the Schemathesis pinned in requirements.txt into a virtualenv outside the work tree:
#   ${XDG_CACHE_HOME:-$HOME/.cache}/todo-platform/schemathesis/<version>/venv
# (python3 -m venv + pip from PyPI on first use; later runs answer at once). Prints the path of the `st`
# executable on its last line of stdout; progress goes to stderr.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(sed -n 's/^schemathesis==//p' "$here/requirements.txt")"
[[ -n "$version" ]] || { echo "schemathesis: no schemathesis==<version> line in $here/requirements.txt" >&2; exit 1; }
cache="${XDG_CACHE_HOME:-$HOME/.cache}/todo-platform/schemathesis/${version}"
st="$cache/venv/bin/st"

# The marker is written last, so an interrupted install is redone instead of half used.
if [[ -x "$st" && -f "$cache/installed" ]]; then
  echo "$st"
  exit 0
fi
command -v python3 >/dev/null || { echo "schemathesis: python3 (3.9 or later, with venv) is required" >&2; exit 1; }
echo "schemathesis: installing ${version} into $cache/venv" >&2
rm -rf "$cache/venv" "$cache/installed"
mkdir -p "$cache"
python3 -m venv "$cache/venv"
"$cache/venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
[[ "$("$st" --version)" == *"$version"* ]] || { echo "schemathesis: $st does not report ${version}" >&2; exit 1; }
touch "$cache/installed"
echo "$st"
