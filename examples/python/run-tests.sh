#!/usr/bin/env bash
# Runs the PySpark examples' tests with pytest. Needs PYTHON_JARS and LOCAL_EVENTHUBS_JAR (set by examples/pom.xml).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${EXAMPLES_VENV:-$here/../../.venv}"
bash "$here/setup-venv.sh"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
cd "$here"
exec "$venv/bin/python" -m pytest -q tests
