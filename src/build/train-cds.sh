#!/usr/bin/env bash
# Makes lib/superlance.jsa, the class-data-sharing archive that lets superlance start fast: a training
# run of a listener that sees each kind of event and sends one mail, so the archive holds the classes of
# a real start and of the first alert. The archive is only valid for the image at its current path.
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
rm -f "$image/lib/superlance.jsa"
events | SUPERVISOR_SERVER_URL=unix:///nonexistent \
  SUPERLANCE_JAVA_OPTS="-XX:ArchiveClassesAtExit=$image/lib/superlance.jsa -Xlog:cds=off -Xlog:cds+dynamic=off" \
  "$image/bin/superlance" crashmail -a -m training@localhost -s 'cat > /dev/null' > /dev/null
[ -f "$image/lib/superlance.jsa" ] || { echo "train-cds: no archive was written" >&2; exit 1; }
