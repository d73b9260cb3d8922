#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build a .deb for Debian-based desktops (统信UOS, 银河麒麟, Debian, Ubuntu) from the PyInstaller
# folder: /opt/jiedao-desk/, a menu entry, AppStream metadata, the icon, /usr/bin links, the
# licence files. Needs dpkg-deb and binutils (objdump). The bundle comes stripped and without
# search paths into the build machine (installers/jiedao_desk.spec).
#   installers/linux/build-deb.sh [BUNDLE_DIR] [OUTPUT.deb]
# Defaults: dist/jiedao-desk, dist/jiedao-desk_<version>_<arch>.deb. DEB_COMPRESS=gzip (or none)
# trades size for speed (CI); the default xz gives the smallest package. Maintainer: DEBFULLNAME
# and DEBEMAIL (as for dch), else the first of pyproject.toml's [project] maintainers; a
# placeholder address (example.org…) is refused unless DEB_PLACEHOLDER_MAINTAINER=1
# (installers/linux/maintainer.py).
# The package is staged in a fresh mktemp folder, the only thing this script deletes.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
BUNDLE="${1:-dist/jiedao-desk}"
[ -x "$BUNDLE/jiedao-desk" ] && [ -e "$BUNDLE/jiedao-desk-cli" ] \
  || { echo "no PyInstaller folder at $BUNDLE (run installers/build-bundle.sh)" >&2; exit 1; }
VERSION="$(sed -n 's/^version *= *"\(.*\)"/\1/p' pyproject.toml | head -1)"
ARCH="$(dpkg --print-architecture)"
OUT="${2:-dist/jiedao-desk_${VERSION}_${ARCH}.deb}"
TMPROOT="$(mktemp -d "${TMPDIR:-/tmp}/jiedao-deb.XXXXXX")"
trap 'rm -rf -- "$TMPROOT"' EXIT
STAGE="$TMPROOT/jiedao-desk"
APP="$STAGE/opt/jiedao-desk"
DOC="$STAGE/usr/share/doc/jiedao-desk"

# A release refuses a placeholder address; DEB_PLACEHOLDER_MAINTAINER=1 lets a test build through.
MAINTAINER="$(python3 installers/linux/maintainer.py \
  ${DEB_PLACEHOLDER_MAINTAINER:+--allow-placeholder} pyproject.toml)"

mkdir -p "$STAGE/DEBIAN" "$STAGE/opt" "$STAGE/usr/bin" "$STAGE/usr/share/applications" \
  "$STAGE/usr/share/metainfo" "$STAGE/usr/share/lintian/overrides" "$DOC"
cp -a "$BUNDLE" "$APP"
rm -rf "$APP/data" "$APP/portable.txt" "$APP/jiedao-desk.portable"  # a developer's portable data

ln -s /opt/jiedao-desk/jiedao-desk "$STAGE/usr/bin/jiedao-desk"
ln -s /opt/jiedao-desk/jiedao-desk-cli "$STAGE/usr/bin/jiedao-desk-cli"
install -d "$STAGE/usr/share/man/man1"
gzip -9n <installers/linux/man/jiedao-desk.1 >"$STAGE/usr/share/man/man1/jiedao-desk.1.gz"
ln -s jiedao-desk.1.gz "$STAGE/usr/share/man/man1/jiedao-desk-cli.1.gz"
install -m 0644 installers/linux/jiedao-desk.desktop "$STAGE/usr/share/applications/"
DATE="$(date -u -d "@${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}" +%F)"
sed -e "s/@VERSION@/$VERSION/" -e "s/@DATE@/$DATE/" installers/linux/jiedao-desk.metainfo.xml \
  >"$STAGE/usr/share/metainfo/jiedao-desk.metainfo.xml"
for size in 256 48 32; do
  install -D -m 0644 "resources/icons/jiedao-desk-$size.png" \
    "$STAGE/usr/share/icons/hicolor/${size}x${size}/apps/jiedao-desk.png"
done

# Machine-readable copyright (DEP-5): the app's MIT licence; the bundled parts are listed with
# their licences in the notices file beside the exes.
{
  printf '%s\n' "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/" \
    "Upstream-Name: jiedao-desk" \
    "Comment: Bundles Python, Qt (LGPL-3.0, PySide6) and other libraries; each is listed" \
    " with its version and licence in /opt/jiedao-desk/THIRD-PARTY-NOTICES.md." "" \
    "Files: *" "Copyright: 2026 the jiedao-desk authors" "License: MIT"
  sed -e 's/^$/./' -e 's/^/ /' LICENSE
} >"$DOC/copyright"
printf '%s\n' "jiedao-desk ($VERSION) unstable; urgency=medium" "" \
  "  * Release $VERSION (see README.md)." "" \
  " -- $MAINTAINER  $(date -u -R -d "$DATE")" | gzip -9n >"$DOC/changelog.gz"
install -m 0644 installers/linux/lintian-overrides "$STAGE/usr/share/lintian/overrides/jiedao-desk"

# The bundle carries Python and Qt but not glibc: require at least the newest symbol version
# any bundled binary asks for, so dpkg refuses an older system instead of a crash at start.
GLIBC="$(find "$APP" -type f -print0 | xargs -0 -r objdump -T 2>/dev/null \
  | grep -oE 'GLIBC_2\.[0-9]+' | sort -uV | tail -1 | sed 's/GLIBC_//' || true)"
# Qt loads these from the system (PyInstaller never bundles libGL/libEGL; the rest must match
# the desktop session); a CJK font so Chinese text is not boxes.
DEPENDS="libc6 (>= ${GLIBC:-2.28}), libegl1, libgl1, libxkbcommon0, \
libfontconfig1, libdbus-1-3, \
fonts-wqy-microhei | fonts-noto-cjk | fonts-wqy-zenhei"
# Every other library a bundled file asks for but the bundle does not carry (a bundle for old
# glibc leaves libstdc++, GLib, X11… to the desk): depend on the package that provides it here.
find "$APP" \( -type f -o -type l \) -printf '%f\n' | sort -u >"$TMPROOT/carried"
find "$APP" -type f -print0 | xargs -0 -r objdump -p 2>/dev/null | awk '$1 == "NEEDED" {print $2}' \
  | sort -u | comm -23 - "$TMPROOT/carried" \
  | grep -vE '^(libc|libm|libpthread|libdl|librt|libutil|libresolv|ld-linux-x86-64)\.so' \
  >"$TMPROOT/from-desk" || true
while read -r soname; do
  # awk reads to the end: leaving early would kill ldconfig with SIGPIPE, fatal under pipefail
  path="$(/sbin/ldconfig -p | awk -v s="$soname" '$1 == s && /x86-64/ && !p {print $NF; p = 1}')"
  [ -n "$path" ] || { echo "build-deb: $soname: not on this machine, no dependency added" >&2; continue; }
  pkg="$(dpkg -S "$path" "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1 || true)"
  [ -n "$pkg" ] && echo "$pkg"
done <"$TMPROOT/from-desk" | sort -u >"$TMPROOT/desk-packages"
for pkg in $(cat "$TMPROOT/desk-packages"); do
  case ", $DEPENDS," in *", $pkg,"*|*", $pkg "*) continue ;; esac
  # Names that changed after Debian 10 (统信UOS V20's base): accept the old one as well.
  case "$pkg" in
    libgcc-s1) pkg="libgcc-s1 | libgcc1" ;;
    *t64) pkg="$pkg | ${pkg%t64}" ;;
  esac
  DEPENDS="$DEPENDS, $pkg"
done
cat >"$STAGE/DEBIAN/control" <<CONTROL
Package: jiedao-desk
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Section: misc
Priority: optional
Installed-Size: $(du -sk --exclude=DEBIAN "$STAGE" | cut -f1)
Depends: $DEPENDS
Recommends: fonts-arphic-uming, fonts-arphic-ukai, cups
Description: offline case management for a Beijing street office (街道工作台)
 Single-PC, offline application for a Beijing street office (街道办事处) and
 its communities: community work access, approved reporting forms, people's
 mediation, administrative enforcement, 12345 hotline tickets and the monthly
 report. Data stays in a local SQLite database in ~/.local/share/jiedao-desk.
 .
 Commands: jiedao-desk (window), jiedao-desk-cli (command line).
CONTROL
chmod -R u+rwX,go+rX,go-w "$STAGE"
find "$STAGE" -type f -name '*.so*' -exec chmod 0644 {} +  # libraries are not programs
mkdir -p "$(dirname "$OUT")"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESS:-xz}" --build "$STAGE" "$OUT" >/dev/null
echo "$OUT ($(du -h "$OUT" | cut -f1)), depends on glibc >= ${GLIBC:-2.28}"
