#!/usr/bin/env bash
# Creates (or reuses) the virtual environment of one runtime cell: setup-venv.sh <venv dir> <requirement>...
# A stamp file records the requirements, so an unchanged environment is reused as it is.
set -euo pipefail
venv="$1"
shift
wanted="$(printf '%s\n' "$@")"
stamp="$venv/.requirements"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ]; then
  exit 0
fi
echo "Creating $venv with: $*"
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check "$@"
printf '%s' "$wanted" > "$stamp"
