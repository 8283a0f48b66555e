#!/usr/bin/env bash
# Install everything the project needs; safe to run again (it only adds what is missing).
#   scripts/setup.sh          Python packages (pinned in pyproject.toml) and npm packages (package-lock.json)
#   scripts/setup.sh --test   the same, plus Chromium for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
# Reinstall only when pyproject.toml changed since the last install.
if [ ! -f .venv/.installed ] || [ pyproject.toml -nt .venv/.installed ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
  touch .venv/.installed
fi
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "${1:-}" = "--test" ]; then
  # Browser tests use Debian's Chromium where it exists (Playwright cannot download its own
  # browser on networks that only reach package registries); elsewhere Playwright's own.
  if [ -x /usr/bin/chromium ]; then
    :
  elif command -v apt-get >/dev/null 2>&1; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
  else
    .venv/bin/python -m playwright install chromium
  fi
fi
