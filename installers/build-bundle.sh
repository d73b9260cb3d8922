#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Build the PyInstaller folder dist/jiedao-desk/ (GUI exe jiedao-desk + console exe
# jiedao-desk-cli) from this checkout. Needs `pip install pyinstaller` in the active Python.
# Usage: installers/build-bundle.sh [PYTHON]   (default: python3 on PATH)
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${1:-python3}"
rm -rf dist/jiedao-desk
"$PY" -m PyInstaller --noconfirm --log-level WARN \
  --distpath dist --workpath build/pyinstaller installers/jiedao_desk.spec
echo "bundle: $(du -sh dist/jiedao-desk | cut -f1) in dist/jiedao-desk/"
