#!/usr/bin/env bash
# Prints the listener's figures against the built image (start to first READY, events/s, ack latency,
# resident memory, image size). Builds the image and the test classes first when they are missing.
#   scripts/bench.sh [--events N] [--starts N] [-- COMMAND ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x target/superlance/bin/superlance ] || [ ! -d target/test-classes/io/superlance/bench ]; then
  mvn -B -q package -DskipTests
fi
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
exec java -cp target/test-classes io.superlance.bench.ListenerBench "$@"
