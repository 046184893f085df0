#!/usr/bin/env bash
# Makes lib/superlance.jsa, the class-data-sharing archive that lets superlance start fast and small:
# a training run of a listener that sees each kind of event and sends one mail records the classes a
# real start and a first alert load, and a static archive of exactly those replaces the JDK's default
# one. The archive is only valid for the image at its current path (scripts/install.sh remakes it).
set -euo pipefail
image=$(cd "$(dirname "$0")/.." && pwd -P)
events() {
  local n=0
  frame() { n=$((n+1)); printf 'ver:3.0 server:supervisor serial:%d pool:train poolserial:%d eventname:%s len:%d\n%s' \
    "$n" "$n" "$1" "${#2}" "$2"; }
  frame TICK_60 "when:1700000000"
  frame PROCESS_STATE_RUNNING "processname:web groupname:web from_state:STARTING pid:42"
  frame PROCESS_STATE_EXITED "processname:web groupname:web from_state:RUNNING expected:1 pid:42"
  frame PROCESS_STATE_EXITED "processname:web groupname:web from_state:RUNNING expected:0 pid:43"
  frame PROCESS_LOG_STDOUT "$(printf 'processname:web groupname:web pid:42 channel:stdout\nhello')"
}
list=$image/lib/superlance.classlist
rm -f "$image/lib/superlance.jsa" "$list"
# the training listener's spool goes to a scratch directory, not to the real state directory
state=$(mktemp -d)
trap 'rm -rf "$state"' EXIT
events | SUPERVISOR_SERVER_URL=unix:///nonexistent SUPERLANCE_STATE_DIR="$state" \
  SUPERLANCE_JAVA_OPTS="-Xshare:off -XX:DumpLoadedClassList=$list" \
  "$image/bin/superlance" crashmail -a -m training@localhost -s 'cat > /dev/null' > /dev/null
classpath=$(sed -n 's/^  -cp "\(.*\)" io.superlance.cli.Main.*/\1/p' "$image/bin/superlance" | sed "s|\\\$home|$image|g")
"$image/bin/java" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$image/lib/superlance.jsa" \
  -XX:+UseSerialGC -cp "$classpath" -Xlog:cds=off -Xlog:cds+dynamic=off > /dev/null
rm -f "$list"
[ -f "$image/lib/superlance.jsa" ] || { echo "train-cds: no archive was written" >&2; exit 1; }
