#!/usr/bin/env bash
# Builds target/superlance_VERSION_ARCH.deb from the image target/superlance: the image under
# /opt/superlance, `superlance` and superlance's command names in /usr/bin. The class-data-sharing
# archive is only valid where the image lies, so the package's postinst makes it there (and prerm
# removes it, since dpkg does not know the file).
# Called by `mvn package` (exec-maven-plugin) after make-image.sh as: make-deb.sh TARGET_DIR VERSION
# Without dpkg-deb (not a Debian-like machine) it says so and builds nothing.
set -euo pipefail
target=$1 version=$2
src=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$src/../.." && pwd)
image=$target/superlance
# The command names supervisord.conf files use; each is a link to superlance-command.
commands="crashmail crashmailbatch fatalmailbatch crashsms memmon httpok heartbeat logmon"

if ! command -v dpkg-deb >/dev/null; then
  echo "make-deb: no dpkg-deb here, so no .deb is built" >&2
  exit 0
fi
arch=$(dpkg --print-architecture)
# Debian versions sort "~" before anything: 0.2.0~snapshot comes before 0.2.0
deb_version=${version/-SNAPSHOT/~snapshot}
root=$target/deb-root
rm -rf "$root" "$target"/superlance_*.deb
mkdir -p "$root/opt" "$root/usr/bin" "$root/DEBIAN" "$root/usr/share/doc/superlance"

cp -a "$image" "$root/opt/superlance"
rm -f "$root/opt/superlance/lib/superlance.jsa"
cp "$repo/scripts/superlance-command" "$root/opt/superlance/bin/"
ln -s /opt/superlance/bin/superlance "$root/usr/bin/superlance"
for c in $commands; do
  ln -s superlance-command "$root/opt/superlance/bin/$c"
  ln -s "/opt/superlance/bin/$c" "$root/usr/bin/$c"
done
cp "$repo/README.md" "$root/usr/share/doc/superlance/"
cp "$repo/supervisord.conf.example" "$root/usr/share/doc/superlance/"

size=$(du -sk "$root/opt" "$root/usr" | awk '{s += $1} END {print s}')
cat > "$root/DEBIAN/control" <<EOF
Package: superlance
Version: $deb_version
Architecture: $arch
Maintainer: superlance developers <superlance@localhost>
Installed-Size: $size
Depends: libc6
Recommends: supervisor
Section: admin
Priority: optional
Description: supervisord event listeners: crash mail, digests, memmon, httpok, heartbeat, logmon
 A Java port of Python's superlance that keeps its command lines working
 (crashmail, crashmailbatch, fatalmailbatch, crashsms, memmon, httpok) and adds
 heartbeat and logmon, alerts by mail, SMS gateways, chat robots, webhooks and
 Prometheus Alertmanager through a durable spool. Self-contained: it brings its
 own Java runtime under /opt/superlance.
EOF
cat > "$root/DEBIAN/postinst" <<'EOF'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
  /opt/superlance/lib/train-cds.sh 2>/dev/null \
    || echo "superlance: could not make the start-up archive; superlance works, starts slower" >&2
fi
EOF
cat > "$root/DEBIAN/prerm" <<'EOF'
#!/bin/sh
set -e
rm -f /opt/superlance/lib/superlance.jsa
EOF
chmod 755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm"

deb=$target/superlance_${deb_version}_${arch}.deb
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" > /dev/null
rm -rf "$root"
echo "package: $deb ($(du -h "$deb" | cut -f1))"
