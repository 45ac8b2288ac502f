#!/usr/bin/env bash
# Installs the client drivers that the end-to-end client tests (test/clients/) run against Eddy:
#   - psycopg 3 (`psycopg[binary]`, major version 3) in a virtualenv at $CACHE/py;
#   - the pgjdbc jar (org.postgresql:postgresql, 42.x) at $CACHE/java/postgresql.jar, fetched
#     with Maven from the registry Maven is configured with.
# Both are reused when already present. CACHE defaults to $HOME/.cache/eddy-ci, the path the
# tests look in too (override both with EDDY_CI_CACHE). Called from .ci/run; safe to run by hand.
set -euo pipefail

CACHE="${EDDY_CI_CACHE:-$HOME/.cache/eddy-ci}"
PSYCOPG_SPEC='psycopg[binary]>=3.2,<4'
PGJDBC_VERSION=42.7.7

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then
    $SUDO apt-get update -qq
    apt_updated=1
  fi
  $SUDO apt-get install -y -qq --no-install-recommends "$@" </dev/null
}

install_psycopg() {
  local py="$CACHE/py/bin/python"
  if [ -x "$py" ] && "$py" -c 'import psycopg, sys; sys.exit(0 if psycopg.__version__.startswith("3.") and psycopg.pq.__impl__ == "binary" else 1)' 2>/dev/null; then
    echo "cached: psycopg $("$py" -c 'import psycopg; print(psycopg.__version__)') in $CACHE/py"
    return
  fi
  command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv
  python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
  rm -rf "$CACHE/py"
  mkdir -p "$CACHE"
  python3 -m venv "$CACHE/py"
  "$CACHE/py/bin/python" -m pip install -q "$PSYCOPG_SPEC"
  echo "installed: psycopg $("$py" -c 'import psycopg; print(psycopg.__version__)') in $CACHE/py"
}

install_pgjdbc() {
  local jar="$CACHE/java/postgresql.jar"
  if [ -s "$jar" ] && [ "$(cat "$CACHE/java/VERSION" 2>/dev/null)" = "$PGJDBC_VERSION" ]; then
    echo "cached: pgjdbc $PGJDBC_VERSION at $jar"
    return
  fi
  command -v javac >/dev/null 2>&1 || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null 2>&1 || apt_install maven
  mkdir -p "$CACHE/java"
  mvn -q -B dependency:copy "-Dartifact=org.postgresql:postgresql:${PGJDBC_VERSION}:jar" \
    "-DoutputDirectory=$CACHE/java" -Dmdep.stripVersion=true -Dmdep.overWriteReleases=true </dev/null
  [ -s "$jar" ] || { echo "pgjdbc jar missing after mvn dependency:copy: $jar" >&2; exit 1; }
  echo "$PGJDBC_VERSION" >"$CACHE/java/VERSION"
  echo "installed: pgjdbc $PGJDBC_VERSION at $jar"
}

install_psycopg
install_pgjdbc
