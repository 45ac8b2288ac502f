#!/usr/bin/env bash
# A real single-node Apache Kafka broker (KRaft, broker+controller in one JVM) for Eddy's tests.
#
#   bash scripts/kafka.sh install       fetch the jars (once per machine) into the cache
#   bash scripts/kafka.sh start DIR     start the broker whose state lives in DIR (or find it
#                                       running) and print its bootstrap address 127.0.0.1:PORT
#                                       (installs first if the jars are missing)
#   bash scripts/kafka.sh stop DIR      stop it and wait until the process is gone
#   bash scripts/kafka.sh status DIR    print the address if running, exit 1 if not
#
# Jars: org.apache.kafka:kafka_2.13 + kafka-tools + slf4j-simple, copied by Maven from the
# registry Maven is configured with (scripts/kafka/pom.xml) into
# ${EDDY_CI_CACHE:-$HOME/.cache/eddy-ci}/kafka/<version>/libs.
#
# DIR holds everything of one broker: server.properties, ports (picked free on 127.0.0.1 at the
# first start and reused by later starts, so stop+start keeps the address and the data), data/,
# broker.pid and broker.log. start/stop take a lock on DIR (flock), so concurrent callers (test
# files of one vitest run) share one broker. Auto topic creation is OFF: tests create topics.
#
# Listeners: PLAINTEXT (printed by start), SASL_PLAINTEXT (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512;
# user eddy / password eddy-secret), CONTROLLER (internal). `status DIR --sasl` prints the SASL one.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_VERSION="${EDDY_KAFKA_VERSION:-4.3.1}"
CACHE="${EDDY_CI_CACHE:-$HOME/.cache/eddy-ci}"
LIBS="$CACHE/kafka/$KAFKA_VERSION/libs"
SASL_USER=eddy
SASL_PASSWORD=eddy-secret
START_TIMEOUT_S="${EDDY_KAFKA_START_TIMEOUT_S:-90}"
STOP_TIMEOUT_S="${EDDY_KAFKA_STOP_TIMEOUT_S:-60}"
HEAP_OPTS="${EDDY_KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"

die() {
  echo "kafka.sh: $*" >&2
  exit 1
}

install() {
  if [ -f "$LIBS/.complete" ]; then
    echo "cached: Kafka $KAFKA_VERSION in $LIBS"
    return
  fi
  command -v java >/dev/null 2>&1 || die "java is missing (apt-get install openjdk-17-jre-headless)"
  command -v mvn >/dev/null 2>&1 || die "mvn is missing (apt-get install maven)"
  mkdir -p "$CACHE/kafka"
  exec 8>"$CACHE/kafka/.install.lock"
  flock 8
  if [ -f "$LIBS/.complete" ]; then
    echo "cached: Kafka $KAFKA_VERSION in $LIBS"
    return
  fi
  local tmp="$CACHE/kafka/$KAFKA_VERSION.tmp.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  (cd "$HERE/kafka" && mvn -q -B -Dstyle.color=never dependency:copy-dependencies -DincludeScope=runtime \
    "-Dkafka.version=$KAFKA_VERSION" "-DoutputDirectory=$tmp" </dev/null)
  [ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ] || die "kafka_2.13-$KAFKA_VERSION.jar missing after mvn"
  touch "$tmp/.complete"
  rm -rf "$LIBS"
  mkdir -p "$(dirname "$LIBS")"
  mv "$tmp" "$LIBS"
  echo "installed: Kafka $KAFKA_VERSION in $LIBS ($(ls "$LIBS" | wc -l) jars)"
}

java_run() {
  # java_run MAINCLASS ARGS...: a Kafka class on the cached class path.
  [ -f "$LIBS/.complete" ] || die "Kafka $KAFKA_VERSION is not installed: bash scripts/kafka.sh install"
  java -cp "$LIBS/*" "$@"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

running_pid() {
  # Prints the pid of DIR's broker if it is alive (and really is that broker).
  local dir="$1" pid
  [ -f "$dir/broker.pid" ] || return 1
  pid="$(cat "$dir/broker.pid")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "$dir/server.properties" || return 1
  echo "$pid"
}

write_config() {
  local dir="$1" port sasl_port controller_port
  # shellcheck disable=SC1091
  . "$dir/ports"
  port="$PORT" sasl_port="$SASL_PORT" controller_port="$CONTROLLER_PORT"
  cat >"$dir/server.properties" <<PROPS
# Written by scripts/kafka.sh: a single-node KRaft broker for tests.
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,SASL_PLAINTEXT://127.0.0.1:$sasl_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port,SASL_PLAINTEXT://127.0.0.1:$sasl_port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT
sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$SASL_USER="$SASL_PASSWORD";
listener.name.sasl_plaintext.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
log.dirs=$dir/data
num.partitions=1
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=4
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
num.recovery.threads.per.data.dir=1
log.segment.bytes=67108864
log.retention.hours=-1
delete.topic.enable=true
PROPS
}

start() {
  local dir="${1:?usage: kafka.sh start DIR}"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  [ -f "$LIBS/.complete" ] || install >&2
  exec 9>"$dir/.lock"
  flock 9
  local pid
  if pid="$(running_pid "$dir")"; then
    # shellcheck disable=SC1091
    . "$dir/ports"
    echo "127.0.0.1:$PORT"
    return
  fi
  if [ ! -f "$dir/ports" ]; then
    # Three distinct free ports, kept for the life of DIR.
    local p1 p2 p3
    p1="$(free_port)"
    p2="$(free_port)"
    while [ "$p2" = "$p1" ]; do p2="$(free_port)"; done
    p3="$(free_port)"
    while [ "$p3" = "$p1" ] || [ "$p3" = "$p2" ]; do p3="$(free_port)"; done
    printf 'PORT=%s\nSASL_PORT=%s\nCONTROLLER_PORT=%s\n' "$p1" "$p2" "$p3" >"$dir/ports.tmp"
    mv "$dir/ports.tmp" "$dir/ports"
  fi
  write_config "$dir"
  # shellcheck disable=SC1091
  . "$dir/ports"
  if [ ! -f "$dir/data/meta.properties" ]; then
    rm -rf "$dir/data"
    local cluster_id
    cluster_id="$(java_run kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)"
    java_run kafka.tools.StorageTool format --standalone -t "$cluster_id" \
      -c "$dir/server.properties" \
      --add-scram "SCRAM-SHA-256=[name=$SASL_USER,password=$SASL_PASSWORD]" \
      --add-scram "SCRAM-SHA-512=[name=$SASL_USER,password=$SASL_PASSWORD]" \
      >"$dir/format.log" 2>&1 || { cat "$dir/format.log" >&2; die "formatting $dir/data failed"; }
  fi
  for p in "$PORT" "$SASL_PORT" "$CONTROLLER_PORT"; do
    port_open "$p" && die "port $p (kept in $dir/ports) is taken by another process"
  done
  [ -f "$dir/broker.log" ] && mv "$dir/broker.log" "$dir/broker.log.1"
  # setsid: the broker outlives the shell (and the test process) that started it; the lock fd is
  # closed so a running broker does not hold DIR's lock.
  # shellcheck disable=SC2086
  setsid java $HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
    -Dorg.slf4j.simpleLogger.defaultLogLevel=info -Dorg.slf4j.simpleLogger.showDateTime=true \
    -cp "$LIBS/*" kafka.Kafka "$dir/server.properties" \
    </dev/null >"$dir/broker.log" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$dir/broker.pid"
  local waited=0
  until port_open "$PORT" && grep -q "Kafka Server started" "$dir/broker.log"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 30 "$dir/broker.log" >&2
      die "broker exited during start-up (log: $dir/broker.log)"
    fi
    if [ "$waited" -ge $((START_TIMEOUT_S * 5)) ]; then
      kill -9 "$pid" 2>/dev/null || true
      tail -n 30 "$dir/broker.log" >&2
      die "broker did not start within ${START_TIMEOUT_S}s (log: $dir/broker.log)"
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  echo "127.0.0.1:$PORT"
}

stop() {
  local dir="${1:?usage: kafka.sh stop DIR}"
  [ -d "$dir" ] || return 0
  dir="$(cd "$dir" && pwd)"
  exec 9>"$dir/.lock"
  flock 9
  local pid waited=0
  pid="$(running_pid "$dir")" || { rm -f "$dir/broker.pid"; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge $((STOP_TIMEOUT_S * 10)) ]; then
      echo "kafka.sh: broker $pid did not stop within ${STOP_TIMEOUT_S}s, killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  rm -f "$dir/broker.pid"
}

status() {
  local dir="${1:?usage: kafka.sh status DIR [--sasl]}"
  [ -d "$dir" ] || return 1
  dir="$(cd "$dir" && pwd)"
  running_pid "$dir" >/dev/null || { echo "not running" >&2; return 1; }
  # shellcheck disable=SC1091
  . "$dir/ports"
  if [ "${2:-}" = "--sasl" ]; then echo "127.0.0.1:$SASL_PORT"; else echo "127.0.0.1:$PORT"; fi
}

case "${1:-}" in
  install) install ;;
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  status) status "${2:-}" "${3:-}" ;;
  libs) echo "$LIBS" ;;
  *) die "usage: kafka.sh install | start DIR | stop DIR | status DIR [--sasl] | libs" ;;
esac
