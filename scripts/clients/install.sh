#!/usr/bin/env bash
# Installs the client drivers that the end-to-end client tests (test/clients/) run against Eddy:
#   - psycopg 3 (`psycopg[binary]`, major version 3), SQLAlchemy 2 and pandas 2 in a virtualenv
#     at $CACHE/py;
#   - the pgjdbc jar (org.postgresql:postgresql, 42.x) at $CACHE/java/postgresql.jar, fetched
#     with Maven from the registry Maven is configured with;
#   - Go (Debian's golang-go if there is none) and the modules of test/clients/go (pgx v5) in
#     $CACHE/go/mod, from the module proxy Go is configured with.
# All are reused when already present. CACHE defaults to $HOME/.cache/eddy-ci, the path the
# tests look in too (override both with EDDY_CI_CACHE). Called from .ci/run; safe to run by hand.
set -euo pipefail

CACHE="${EDDY_CI_CACHE:-$HOME/.cache/eddy-ci}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Exact versions: the README's compatibility table names them, and its test compares.
PSYCOPG_VERSION=3.3.9
SQLALCHEMY_VERSION=2.1.9
PANDAS_VERSION=2.3.3
PSYCOPG_SPEC="psycopg[binary]==${PSYCOPG_VERSION}"
SQLALCHEMY_SPEC="SQLAlchemy==${SQLALCHEMY_VERSION}"
PANDAS_SPEC="pandas==${PANDAS_VERSION}"
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

# Whether the virtualenv has the pinned psycopg (binary implementation), SQLAlchemy and pandas.
python_clients_ok() {
  WANT="$PSYCOPG_VERSION $SQLALCHEMY_VERSION $PANDAS_VERSION" "$1" - <<'PY' 2>/dev/null
import os, sys
import pandas, psycopg, sqlalchemy
have = f"{psycopg.__version__} {sqlalchemy.__version__} {pandas.__version__}"
ok = have == os.environ["WANT"] and psycopg.pq.__impl__ == "binary"
sys.exit(0 if ok else 1)
PY
}

# The Go modules of test/clients/go (pgx v5, pinned by its go.mod and go.sum) in $CACHE/go/mod;
# the test builds the program from them with the module proxy off.
install_go_pgx() {
  command -v go >/dev/null 2>&1 || apt_install golang-go ca-certificates
  mkdir -p "$CACHE/go"
  (cd "$ROOT/test/clients/go" && GOMODCACHE="$CACHE/go/mod" GOFLAGS=-mod=readonly GOTOOLCHAIN=local \
    go mod download)
  echo "ready: pgx $(grep -m1 'jackc/pgx/v5 ' "$ROOT/test/clients/go/go.mod" | awk '{print $3}') modules in $CACHE/go/mod ($(go version))"
}

install_python_clients() {
  local py="$CACHE/py/bin/python"
  local versions='import pandas, psycopg, sqlalchemy; print(f"psycopg {psycopg.__version__}, SQLAlchemy {sqlalchemy.__version__}, pandas {pandas.__version__}")'
  if [ -x "$py" ] && python_clients_ok "$py"; then
    echo "cached: $("$py" -c "$versions") in $CACHE/py"
    return
  fi
  if [ ! -x "$py" ]; then
    command -v python3 >/dev/null 2>&1 || apt_install python3 python3-venv
    python3 -c 'import venv, ensurepip' 2>/dev/null || apt_install python3-venv
    rm -rf "$CACHE/py"
    mkdir -p "$CACHE"
    python3 -m venv "$CACHE/py"
  fi
  "$py" -m pip install -q "$PSYCOPG_SPEC" "$SQLALCHEMY_SPEC" "$PANDAS_SPEC"
  echo "installed: $("$py" -c "$versions") in $CACHE/py"
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

install_python_clients
install_pgjdbc
install_go_pgx
