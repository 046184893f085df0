#!/usr/bin/env bash
# The main job, end to end: a real supervisord runs a program and the crashmail listener from
# supervisord.conf.example; the program is killed with kill -9; the crash mail that the listener
# delivered (to a mailbox directory, through a sendmail stand-in) is printed; supervisord is shut down.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
say() { printf '\n== %s\n' "$*"; }

if ! command -v supervisord >/dev/null || ! command -v supervisorctl >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian's supervisor package"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq supervisor >/dev/null
  else
    echo "demo.sh: supervisord is not installed; install it first, e.g. 'sudo apt-get install supervisor'" >&2
    exit 1
  fi
fi

launcher=$repo/target/superlance/bin/superlance
if [ ! -x "$launcher" ]; then
  say "building the superlance image (mvn package)"
  (cd "$repo" && mvn -B -q package -DskipTests)
fi

work=$(mktemp -d /tmp/superlance-demo.XXXXXX)
conf=$work/supervisord.conf
ctl() { supervisorctl -c "$conf" "$@"; }
cleanup() {
  ctl shutdown >/dev/null 2>&1 || true
  for _ in $(seq 50); do [ -S "$work/supervisor.sock" ] || break; sleep 0.1; done
  rm -rf "$work"
}
trap cleanup EXIT

sed -e "s|/opt/superlance/bin/superlance crashmail -a -m ops@example.com|$launcher crashmail -a -m ops@example.com -s '$repo/scripts/sendmail-to-dir $work/mailbox'|" \
  "$repo/supervisord.conf.example" > "$conf"
say "starting supervisord with supervisord.conf.example in $work"
# the listener keeps its pending alerts under the demo's directory, not in /var/lib/superlance
SUPERLANCE_STATE_DIR="$work/state" supervisord -c "$conf"

state() { ctl status "$1" 2>/dev/null | awk '{print $2}'; }
wait_running() {
  for _ in $(seq 100); do [ "$(state "$1")" = RUNNING ] && return 0; sleep 0.1; done
  echo "demo.sh: $1 did not reach RUNNING" >&2; ctl status >&2 || true; cat "$work"/crashmail.log >&2 || true; exit 1
}
wait_running sample
wait_running crashmail
ctl status

pid=$(ctl pid sample)
say "kill -9 $pid (the sample program)"
kill -9 "$pid"

for _ in $(seq 100); do
  mail=$(ls "$work"/mailbox/*.eml 2>/dev/null | head -1 || true)
  [ -n "$mail" ] && break
  sleep 0.1
done
if [ -z "${mail:-}" ]; then
  echo "demo.sh: no crash mail within 10 s; the listener's log:" >&2
  cat "$work/crashmail.log" >&2
  exit 1
fi
say "the crash mail crashmail delivered ($mail):"
cat "$mail"; echo
say "the listener's log (stderr):"
cat "$work/crashmail.log"
say "shutting supervisord down"
