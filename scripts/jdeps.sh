#!/usr/bin/env bash
# Prints the JDK modules the code and its runtime jars use, as jdeps sees them.
# Compare with <image.modules> in pom.xml. Needs `mvn package` to have run once.
set -euo pipefail
cd "$(dirname "$0")/.."
jdeps --multi-release 17 --ignore-missing-deps --print-module-deps \
  -cp 'target/image-jars/*' target/classes target/image-jars/*.jar
