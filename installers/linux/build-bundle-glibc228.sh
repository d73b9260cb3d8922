#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The Linux bundle for glibc 2.28 desks (统信UOS V20, 银河麒麟 V10), built on any newer x86_64
# Linux without a container:
#   1. CPython 3.11 compiled for glibc 2.28 (installers/linux/build-python-glibc228.sh, cached
#      in CACHE_DIR: about 25 minutes once, seconds afterwards);
#   2. a venv from it with installers/bundle.lock (Qt 6.9.3), where pip may only choose wheels
#      for glibc ≤ 2.28 (a `_manylinux` module, PEP 600: otherwise pip takes cryptography's
#      manylinux_2_34 wheel on this machine);
#   3. PyInstaller with JIEDAO_BUNDLE_MAX_GLIBC=2.28: copied system libraries that need a newer
#      glibc stay out (the desk's own are used, the .deb depends on them);
#   4. the smoke test with SMOKE_MAX_GLIBC=2.28 (and libstdc++ symbols at most GCC 8's, the
#      desk's): every ELF file in the bundle is checked with objdump -T, then the CLI and GUI start.
#      The size gate (SMOKE_MAX_MB=120) also checks that what the spec leaves out stays out.
# Usage: installers/linux/build-bundle-glibc228.sh [CACHE_DIR]
#   CACHE_DIR default: $JIEDAO_BUILD_CACHE or ~/.cache/jiedao-desk-build. Output: dist/jiedao-desk/.
# Writes only into CACHE_DIR and this checkout's dist/ and build/.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
CACHE="${1:-${JIEDAO_BUILD_CACHE:-$HOME/.cache/jiedao-desk-build}}"
mkdir -p "$CACHE"
CACHE="$(cd "$CACHE" && pwd)"

installers/linux/build-python-glibc228.sh "$CACHE/glibc228"
PY="$CACHE/glibc228/python/bin/python3.11"

VENV="$ROOT/build/venv-glibc228"
rm -rf "$VENV"
"$PY" -m venv "$VENV"
SITE="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
cat >"$SITE/_manylinux.py" <<'EOF'
# PEP 600: this environment builds a bundle for glibc 2.28, whatever the build machine runs.
def manylinux_compatible(tag_major, tag_minor, tag_arch):
    return tag_arch == "x86_64" and (tag_major, tag_minor) <= (2, 28)
EOF
"$VENV/bin/python" -m pip install -q --upgrade --require-hashes --only-binary cryptography \
  -r installers/bundle.lock

JIEDAO_BUNDLE_MAX_GLIBC=2.28 installers/build-bundle.sh "$VENV/bin/python"
SMOKE_MAX_MB=120 SMOKE_MAX_GLIBC=2.28 SMOKE_MAX_GLIBCXX=3.4.25 .ci/smoke-bundle dist/jiedao-desk
