#!/usr/bin/env bash
# The benchmark harness (docs/BENCHMARKS.md): plays supervisord's side of the protocol against the built
# image and prints a report: time to first READY, events/s, ack latency, private dirty memory (with PSS,
# RSS and anonymous) for each command alone and for several in one process; the four Python superlance
# listeners the four-monitor process replaces, in the same run (--python-superlance DIR or
# $PYTHON_SUPERLANCE: a directory holding Python superlance's `superlance` package); logmon's
# line-to-alert latency under a real supervisord; a memmon tick with 200 processes under a real
# supervisord; kill -9 to mail, our crashmail paired with Python superlance's under one supervisord (with
# --python-superlance); crashmailbatch with its SMTP server hanging. About 5 minutes on 2 cores.
#   scripts/bench.sh [--write-docs] [--events N] [--starts N] [--paired-rounds N] [--hanging-events N]
#                    [--tick-processes N] [--tick-rounds N] [--latency-programs N]
#                    [--python-superlance DIR] [--only KEY,...] [--launcher PATH]
# --write-docs rewrites docs/BENCHMARKS.md with the report. KEYs: crashmail crashmailbatch memmon httpok
# heartbeat logmon combined all python latency tick kill hanging. Builds the image and test classes when missing or older
# than the sources. Needs supervisord (Debian package supervisor) for the memmon tick.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=target/superlance/bin/superlance
if [ ! -x "$launcher" ] || [ ! -f target/test-classes/io/superlance/bench/Bench.class ] \
    || [ -n "$(find src pom.xml -newer "$launcher" -print -quit)" ]; then
  echo "bench: building the image (mvn package -DskipTests)" >&2
  mvn -B -q -o package -DskipTests || mvn -B -q package -DskipTests
fi
cp=target/bench.classpath
if [ ! -s "$cp" ] || [ pom.xml -nt "$cp" ]; then
  mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >&2 \
    || mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp" >&2
fi
# Pages of a file just written (the image's class archive, right after a build) stay dirty in the page
# cache until written back, and /proc/PID/smaps counts them as the listener's private dirty memory: a
# run straight after a build read 36 MB where a written-back archive gives 22. So write them back first.
sync
# --- storm: `--only storm` runs the crash storm with listener restarts under a real supervisord instead of the
# other rows (io.superlance.bench.StormBench, docs/RELIABILITY.md; --storm-outages N, --storm-seconds N, --storm-parts storm,ack,rates; about 10 minutes)
storm_row() {
  local prev=""
  for a in "$@"; do
    if [ "$prev" = --only ] && [ "$a" = storm ]; then
      exec java -cp "target/test-classes:target/classes:$(cat "$cp")" -Dsuperlance.image=target/superlance \
        io.superlance.bench.StormBench "$@"
    fi
    prev=$a
  done
}
storm_row "$@"
# --- end of storm
exec java -cp "target/test-classes:target/classes:$(cat "$cp")" io.superlance.bench.Bench "$@"
