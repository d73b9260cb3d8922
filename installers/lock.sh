#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerate the lock files from pyproject.toml with uv (`pip install uv`), exact versions and
# the sha256 of every wheel and sdist, for Linux and Windows alike (--universal):
#   requirements.lock        the app and the test tools: .ci/run installs it with --require-hashes
#   installers/bundle.lock   the app and PyInstaller with Qt 6.9.3 (installers/bundle-overrides.txt)
# then THIRD-PARTY-NOTICES.md from a throw-away venv that holds exactly the bundle lock.
#   installers/lock.sh [--upgrade]
set -euo pipefail
cd "$(dirname "$0")/.."
UV=(python3 -m uv)
command -v uv >/dev/null 2>&1 && UV=(uv)
COMMON=(--universal --python-version 3.11 --generate-hashes --no-header --quiet "$@")
"${UV[@]}" pip compile pyproject.toml --extra test "${COMMON[@]}" -o requirements.lock
"${UV[@]}" pip compile pyproject.toml --extra bundle --override installers/bundle-overrides.txt \
  "${COMMON[@]}" -o installers/bundle.lock
VENV="$(mktemp -d "${TMPDIR:-/tmp}/jiedao-lock.XXXXXX")"
trap 'rm -rf -- "$VENV"' EXIT
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --require-hashes -r installers/bundle.lock
"$VENV/bin/python" installers/notices.py THIRD-PARTY-NOTICES.md
echo "lock: requirements.lock, installers/bundle.lock, THIRD-PARTY-NOTICES.md"
