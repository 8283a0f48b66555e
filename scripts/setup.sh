#!/usr/bin/env bash
# Install everything the project needs; safe to run again (it only adds what is missing).
#   scripts/setup.sh          Python packages (pinned in pyproject.toml) and npm packages (package-lock.json)
#   scripts/setup.sh --test   the same, plus Chromium for the browser tests and nginx for the server tests
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
# A .venv copied from another checkout runs that checkout's code (its paths are baked in): start afresh.
if [ -f .venv/bin/activate ] && ! grep -qxF "VIRTUAL_ENV=\"$PWD/.venv\"" .venv/bin/activate \
   && ! grep -qxF "VIRTUAL_ENV='$PWD/.venv'" .venv/bin/activate; then
  echo "setup: .venv belongs to another folder ($(grep -m1 '^VIRTUAL_ENV=' .venv/bin/activate)); recreating it here." >&2
  rm -rf .venv
fi
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
  # The server tests run the site under a real nginx and Apache with the settings the build writes
  # (apache2-bin: the server and its modules, without a system service; the brotli_static module lets
  # nginx send the build's .br copies).
  if [ -x /usr/sbin/nginx ] && [ -x /usr/sbin/apache2 ] \
     && [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ]; then
    :
  elif command -v apt-get >/dev/null 2>&1; then
    sudo_cmd=""
    [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends nginx-light apache2-bin \
      libnginx-mod-http-brotli-static >/dev/null
  else
    echo "setup: no apt-get here, so nginx and Apache are not installed: their tests will be skipped." >&2
  fi
fi
