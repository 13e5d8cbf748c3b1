#!/usr/bin/env bash
# Installs what FieldOps needs that a fresh Debian machine may lack; safe to run again.
# Called by `make sample` and `make test`, so the README's two commands do all set-up.
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
  echo "setup: no Swift toolchain on PATH: install Swift 6 (https://swift.org/install)" >&2
  exit 1
fi

# GLPK solves the assignment as an integer program (libglpk-dev: glpk.h and libglpk).
if [ ! -f /usr/include/glpk.h ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "setup: libglpk-dev is missing and this user cannot install it: run 'apt-get install -y libglpk-dev' as root" >&2
      exit 1
    fi
  fi
  echo "setup: installing libglpk-dev" >&2
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y -qq libglpk-dev >/dev/null 2>&1; then
    $sudo apt-get update -qq >/dev/null && $sudo apt-get install -y -qq libglpk-dev >/dev/null
  fi
fi
