#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build a .deb for Debian-based desktops (统信UOS, 银河麒麟, Debian, Ubuntu) from the PyInstaller
# folder: /opt/jiedao-desk/, a menu entry, the icon, /usr/bin links. Needs only dpkg-deb.
#   installers/linux/build-deb.sh [BUNDLE_DIR] [OUTPUT.deb]
# Defaults: dist/jiedao-desk, dist/jiedao-desk_<version>_<arch>.deb. DEB_COMPRESS=gzip (or none)
# trades size for speed (CI); the default xz gives the smallest package.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BUNDLE="${1:-dist/jiedao-desk}"
[ -x "$BUNDLE/jiedao-desk" ] && [ -x "$BUNDLE/jiedao-desk-cli" ] \
  || { echo "no PyInstaller folder at $BUNDLE (run installers/build-bundle.sh)" >&2; exit 1; }
VERSION="$(sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -1)"
ARCH="$(dpkg --print-architecture)"
OUT="${2:-dist/jiedao-desk_${VERSION}_${ARCH}.deb}"
STAGE="build/deb/jiedao-desk"

rm -rf "$STAGE"
mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/doc/jiedao-desk"
cp -a "$BUNDLE" "$STAGE/opt/jiedao-desk"
rm -rf "$STAGE/opt/jiedao-desk/data" "$STAGE/opt/jiedao-desk/portable.txt" \
  "$STAGE/opt/jiedao-desk/jiedao-desk.portable"  # never ship a developer's portable data
ln -s /opt/jiedao-desk/jiedao-desk "$STAGE/usr/bin/jiedao-desk"
ln -s /opt/jiedao-desk/jiedao-desk-cli "$STAGE/usr/bin/jiedao-desk-cli"
install -m 0644 installers/linux/jiedao-desk.desktop "$STAGE/usr/share/applications/"
for size in 256 48 32; do
  install -D -m 0644 "resources/icons/jiedao-desk-$size.png" \
    "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/jiedao-desk.png"
done
printf '%s\n' "jiedao-desk (街道工作台) $VERSION" "License: MIT" \
  "Bundles Python, Qt (LGPLv3, PySide6) and the libraries listed in /opt/jiedao-desk/_internal." \
  >"$STAGE/usr/share/doc/jiedao-desk/copyright"

# The bundle carries Python and Qt but not glibc: require at least the newest symbol version
# any bundled binary asks for, so dpkg refuses an older system instead of a crash at start.
GLIBC="$(grep -raohE 'GLIBC_2\.[0-9]+' "$BUNDLE" | sort -uV | tail -1 | sed 's/GLIBC_//')"
# Qt loads these from the system (PyInstaller never bundles libGL/libEGL; the rest must match
# the desktop session); a CJK font so Chinese text is not boxes.
DEPENDS="libc6 (>= ${GLIBC:-2.28}), libegl1, libgl1, libxkbcommon0, \
libfontconfig1, libdbus-1-3, \
fonts-wqy-microhei | fonts-noto-cjk | fonts-wqy-zenhei"
cat >"$STAGE/DEBIAN/control" <<CONTROL
Package: jiedao-desk
Version: $VERSION
Architecture: $ARCH
Maintainer: jiedao-desk maintainers <jiedao-desk@localhost>
Section: misc
Priority: optional
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: $DEPENDS
Recommends: fonts-arphic-uming, fonts-arphic-ukai, cups
Homepage: https://localhost/jiedao-desk
Description: 街道工作台 — offline case management for a street office
 Single-PC, offline application for a Beijing street office (街道办事处) and
 its communities: community work access, approved reporting forms, people's
 mediation, administrative enforcement, 12345 hotline tickets and the monthly
 report. Data stays in a local SQLite database in ~/.local/share/jiedao-desk.
 .
 Commands: jiedao-desk (window), jiedao-desk-cli (command line).
CONTROL
chmod -R u+rwX,go+rX,go-w "$STAGE"
mkdir -p "$(dirname "$OUT")"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESS:-xz}" --build "$STAGE" "$OUT" >/dev/null
rm -rf "$STAGE"
echo "$OUT ($(du -h "$OUT" | cut -f1)), depends on glibc >= ${GLIBC:-2.28}"
