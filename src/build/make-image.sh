#!/usr/bin/env bash
# Builds the self-contained image target/superlance: a jlinked Java runtime with only the modules we
# need, our jars, the launcher bin/superlance, and a class-data-sharing archive from a training run.
# Called by `mvn package` (exec-maven-plugin) as: make-image.sh TARGET_DIR MAIN_JAR MODULES
set -euo pipefail
target=$1 main_jar=$2 modules=$3
src=$(cd "$(dirname "$0")" && pwd)
image=$target/superlance

rm -rf "$image"
# libjvm.so's symbol table (4 MB as Debian ships it) is stripped where binutils' strip is at hand: the
# class archive trained on every command takes that room under the image's 60 MB. A JVM crash report
# then names fewer native frames. jrt-fs.jar serves tools outside the image, never a listener.
jlink --add-modules "$modules" --output "$image" \
  --strip-debug --no-man-pages --no-header-files --compress=2 --exclude-files='/java.base/lib/classlist'
rm -f "$image/lib/jrt-fs.jar"
if command -v strip > /dev/null; then
  strip --strip-unneeded "$image/lib/server/libjvm.so"
fi

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

# The class-data-sharing archive records where the jars are, so it is made here and again wherever
# scripts/install.sh puts the image.
cp "$src/train-cds.sh" "$src/train-stub.py" "$image/lib/"
"$image/lib/train-cds.sh" 2> "$target/cds-training.log" || { cat "$target/cds-training.log" >&2; exit 1; }
echo "image: $image ($(du -sh "$image" | cut -f1)), modules: $modules"
