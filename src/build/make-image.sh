#!/usr/bin/env bash
# Builds the self-contained image target/superlance: a jlinked Java runtime with only the modules we
# need, our jars, the launcher bin/superlance, and a class-data-sharing archive from a training run.
# Called by `mvn package` (exec-maven-plugin) as: make-image.sh TARGET_DIR MAIN_JAR MODULES
set -euo pipefail
target=$1 main_jar=$2 modules=$3
src=$(cd "$(dirname "$0")" && pwd)
image=$target/superlance

rm -rf "$image"
jlink --add-modules "$modules" --output "$image" \
  --strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive
# The image always runs with compressed oops (small heap): the archive for the other case is dead weight.
rm -f "$image/lib/server/classes_nocoops.jsa"

mkdir -p "$image/lib/app"
cp "$target/$main_jar" "$image/lib/app/superlance.jar"
cp "$target"/image-jars/*.jar "$image/lib/app/"
# The class path is fixed here, in a fixed order, so the CDS archive matches it at every start.
cp_list=\$home/lib/app/superlance.jar
for jar in $(cd "$image/lib/app" && ls -1 *.jar | grep -v '^superlance.jar$' | sort); do
  cp_list="$cp_list:\$home/lib/app/$jar"
done
sed "s|@CLASSPATH@|$cp_list|" "$src/superlance.sh" > "$image/bin/superlance"
chmod 755 "$image/bin/superlance"

# Training run: a listener that sees each kind of event and sends one mail, so the archive holds the
# classes of a real start and of the first alert.
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
events | SUPERVISOR_SERVER_URL=unix:///nonexistent SUPERLANCE_STATE_DIR="$target/cds-state" SUPERLANCE_JAVA_OPTS="-XX:ArchiveClassesAtExit=$image/lib/superlance.jsa" \
  "$image/bin/superlance" crashmail -a -m training@localhost -s 'cat > /dev/null' > /dev/null 2> "$target/cds-training.log" || {
    echo "CDS training run failed:" >&2; cat "$target/cds-training.log" >&2; exit 1; }
[ -f "$image/lib/superlance.jsa" ] || { echo "no CDS archive was written" >&2; cat "$target/cds-training.log" >&2; exit 1; }
echo "image: $image ($(du -sh "$image" | cut -f1)), modules: $modules"
