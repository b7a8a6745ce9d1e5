#!/usr/bin/env bash
# Creates (or reuses) the virtual environment of the PySpark examples: <repo>/.venv, or $EXAMPLES_VENV.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${EXAMPLES_VENV:-$here/../../.venv}"
stamp="$venv/.requirements"
if [ -f "$stamp" ] && cmp -s "$stamp" "$here/requirements.txt"; then
  exit 0
fi
echo "Creating the PySpark examples' virtual environment in $venv"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check -r "$here/requirements.txt"
cp "$here/requirements.txt" "$stamp"
