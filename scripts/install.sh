#!/usr/bin/env bash
# Installs the superlance image and links superlance and superlance's command names into a bin directory.
#   scripts/install.sh [--prefix /opt/superlance] [--bindir /usr/local/bin]
# Builds the image first (mvn package) when target/superlance is missing.
set -euo pipefail
prefix=/opt/superlance
bindir=/usr/local/bin
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=$2; shift 2 ;;
    --prefix=*) prefix=${1#*=}; shift ;;
    --bindir) bindir=$2; shift 2 ;;
    --bindir=*) bindir=${1#*=}; shift ;;
    -h|--help) sed -n '2,4p' "$0"; exit 0 ;;
    *) echo "install.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
repo=$(cd "$(dirname "$0")/.." && pwd)
image=$repo/target/superlance
if [ ! -x "$image/bin/superlance" ]; then
  (cd "$repo" && mvn -B -q package -DskipTests)
fi
commands="crashmail crashmailbatch fatalmailbatch crashsms memmon httpok heartbeat logmon"

rm -rf "$prefix.new"
mkdir -p "$(dirname "$prefix")"
cp -a "$image" "$prefix.new"
cp "$repo/scripts/superlance-command" "$prefix.new/bin/"
for c in $commands; do ln -sf superlance-command "$prefix.new/bin/$c"; done
# Swap in one step, so a running listener keeps its files until it restarts.
rm -rf "$prefix.old"
[ -e "$prefix" ] && mv "$prefix" "$prefix.old"
mv "$prefix.new" "$prefix"
rm -rf "$prefix.old"

"$prefix/lib/train-cds.sh" 2>/dev/null || echo "install.sh: could not make the start-up archive; superlance works, starts slower" >&2

mkdir -p "$bindir"
for c in superlance $commands; do ln -sf "$prefix/bin/$c" "$bindir/$c"; done
echo "installed $("$prefix/bin/superlance" --version) in $prefix; commands linked in $bindir"
