#!/usr/bin/env bash
# Creates (or reuses) the virtual environment in which the Python SDK tests run: $1, with requirements-sdk.txt.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$1"
stamp="$venv/.requirements"
if [ -f "$stamp" ] && cmp -s "$stamp" "$here/requirements-sdk.txt"; then
  exit 0
fi
echo "Creating the Python SDK tests' virtual environment in $venv"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements-sdk.txt"
cp "$here/requirements-sdk.txt" "$stamp"
