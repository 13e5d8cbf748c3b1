#!/usr/bin/env bash
# Installs what FieldOps needs that a fresh Debian machine may lack; safe to run again.
# Called by `make sample` and `make test`, so the README's two commands do all set-up.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: no Swift toolchain on PATH: install Swift 6 (https://swift.org/install)" >&2
  exit 1
fi

# install PACKAGE WHY: apt-get install, as root or through sudo, updating the lists once
# if the package is not found.
install() {
  local sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "setup: $1 is missing and this user cannot install it: run 'apt-get install -y $1' as root" >&2
      exit 1
    fi
  fi
  echo "setup: installing $1 ($2)" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y -qq "$1" >/dev/null 2>&1; then
    $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq "$1" >/dev/null
  fi
}

# GLPK solves the route program (libglpk-dev: glpk.h and libglpk).
[ -f /usr/include/glpk.h ] || install libglpk-dev "GLPK, for the integer program"

# Chromium renders the HTML report in the browser test (scripts/check-report.sh).
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 \
  || install chromium "a browser, for the report's test"
