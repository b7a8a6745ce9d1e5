#!/usr/bin/env bash
# The eventhubs-native demo: builds the connector, the local Event Hubs endpoint and the examples, then streams
# IoT events into a local Delta table, restarts the query and shows that nothing is read twice.
# Needs JDK 17 and Maven; the first run downloads Spark, Delta and the Azure SDK from Maven Central.
set -euo pipefail
cd "$(dirname "$0")"
export SPARK_LOCAL_IP=127.0.0.1

echo "==> Building local-eventhubs, the connector (shaded jar) and the examples; the first run downloads ~400 MB"
started=$(date +%s)
# Maven's own lines are reduced to one per module built; the demo's lines pass through untouched.
mvn -B -Pdemo -DskipTests -pl examples -am package 2>&1 \
  | sed -u -n -E \
      -e 's/\x1b\[[0-9;]*m//g' \
      -e 's/^\[INFO\] Building ([a-z-]+) .*\[([0-9]+\/[0-9]+)\]$/    building \1 (\2)/p' -e 't' \
      -e '/^\[(INFO|WARNING)\]/d' \
      -e '/^  (required|found|reason):/d' \
      -e 'p'
echo
echo "==> Demo finished in $(( $(date +%s) - started )) s"
