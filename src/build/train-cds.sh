#!/usr/bin/env bash
# Makes lib/superlance.jsa, the class-data-sharing archive that lets superlance start fast and small:
# a training run of all six monitors in one listener, which sees each kind of event, checks, pings and
# alerts by mail and webhook, records the classes real listeners load, and a static archive of exactly
# those replaces the JDK's default one. A class in the archive is mapped from the file instead of being
# parsed into each listener's own memory: training only crashmail left httpok and heartbeat 4 to 5 MB
# of private memory more (docs/BENCHMARKS.md). train-stub.py stands in for supervisord's XML-RPC and the
# HTTP peers; without Python the run takes the failure paths only. The archive is only valid for the
# image at its current path (scripts/install.sh and the Debian package remake it).
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
stub=""
trap '[ -z "$stub" ] || kill "$stub" 2>/dev/null; rm -rf "$state"' EXIT
server=unix:///nonexistent
url=http://127.0.0.1:9
if command -v python3 > /dev/null; then
  python3 "$image/lib/train-stub.py" > "$state/port" &
  stub=$!
  for _ in $(seq 50); do [ -s "$state/port" ] && break; sleep 0.1; done
  if [ -s "$state/port" ]; then
    server=http://127.0.0.1:$(cat "$state/port")
    url=$server
  fi
fi
mail=(-m training@localhost -s 'cat > /dev/null')
# stdin stays open a few seconds after the events, for the checks, pings and alerts they start
{ events; sleep 4; } | SUPERVISOR_SERVER_URL=$server SUPERLANCE_STATE_DIR="$state" \
  SUPERLANCE_JAVA_OPTS="-Xshare:off -XX:DumpLoadedClassList=$list" \
  timeout 60 "$image/bin/superlance" \
    crashmail -a "${mail[@]}" \
    crashmailbatch -t training@localhost -f training@localhost --sendmail 'cat > /dev/null' \
    memmon -a 1GB "${mail[@]}" \
    httpok -p web --json 'CHANNEL.ch-1.ChannelFillPercentage<=80' "${mail[@]}" "$url/health" \
    heartbeat --url "$url/ping" "${mail[@]}" \
    logmon --match hello --webhook "$url/hook" > /dev/null
classpath=$(sed -n 's/^  -cp "\(.*\)" io.superlance.cli.Main.*/\1/p' "$image/bin/superlance" | sed "s|\\\$home|$image|g")
"$image/bin/java" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$image/lib/superlance.jsa" \
  -XX:+UseSerialGC -cp "$classpath" -Xlog:cds=off -Xlog:cds+dynamic=off > /dev/null
rm -f "$list"
[ -f "$image/lib/superlance.jsa" ] || { echo "train-cds: no archive was written" >&2; exit 1; }
