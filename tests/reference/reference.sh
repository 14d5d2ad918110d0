#!/usr/bin/env bash
# Apache RocketMQ 5 as a reference server for tests and benchmarks: a NameServer and a proxy in
# Local mode (the broker inside it), from Maven Central's jars, on free loopback ports, with a
# temporary store, bounded heaps, and stopped by PID.
#
#   reference.sh start DIR [VERSION]      start; writes DIR/env (REFERENCE_ENDPOINT=127.0.0.1:P,
#                                         REFERENCE_NAMESRV, REFERENCE_BROKER, REFERENCE_VERSION)
#   reference.sh topic DIR NAME [TYPE]    create a topic: NORMAL (default), FIFO, DELAY, TRANSACTION
#   reference.sh group DIR NAME [fifo]    create a consumer group (fifo: ordered delivery)
#   reference.sh admin DIR ARGS...        any mqadmin command (-n is added)
#   reference.sh stop DIR                 stop both processes and delete the store
#   reference.sh run [VERSION] -- CMD...  start in a temporary DIR, run CMD with DIR/env exported
#                                         and REFERENCE_DIR set, stop (always); bounded by
#                                         REFERENCE_TIMEOUT seconds (default 1200)
#
# VERSION defaults to $REFERENCE_VERSION or 5.5.0 (5.3.3 works too). The jars come from Maven
# (tests/reference/pom.xml) into tests/reference/target/lib-VERSION, once. Unresolved
# transactions are checked back after 2 s (REFERENCE_TRANSACTION_TIMEOUT_MS and
# REFERENCE_TRANSACTION_CHECK_INTERVAL_MS; RocketMQ's defaults are 6 s and 30 s) so tests that
# wait for a check-back stay short.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEFAULT_VERSION="${REFERENCE_VERSION:-5.5.0}"
READY_TIMEOUT=240 # seconds; a cold JVM on 2 busy cores takes 30-90 s
# Quick to start and small, for tests: serial GC, C1 only. Benchmarks want the JVM's defaults
# (REFERENCE_JAVA_OPTS="-XX:+UseG1GC", REFERENCE_PROXY_HEAP=2g: bench/compare.sh sets them).
read -r -a JAVA_OPTS_COMMON <<<"${REFERENCE_JAVA_OPTS:--XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k}"
PROXY_HEAP="${REFERENCE_PROXY_HEAP:-512m}"

log() { printf '[reference] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

lib_dir() { echo "$HERE/target/lib-$1"; }

fetch_jars() {
  local version="$1" lib
  lib="$(lib_dir "$version")"
  [[ -f "$lib/rocketmq-proxy-$version.jar" ]] && return 0
  command -v mvn >/dev/null || die "mvn not found (scripts/lib.sh ensure_build_deps installs it)"
  log "fetching Apache RocketMQ $version jars with Maven"
  (cd "$HERE" && mvn -B -ntp -q -Drocketmq.version="$version" dependency:copy-dependencies \
    -DoutputDirectory="$lib.tmp") || die "maven could not fetch RocketMQ $version"
  rm -rf "$lib" && mv "$lib.tmp" "$lib"
}

# Free TCP ports on 127.0.0.1: N single ports, then one port P with P-2 free as well (the broker
# also listens on listenPort - 2).
free_ports() {
  python3 - "$1" <<'PY'
import random, socket, sys
def free(p):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p)); return True
    except OSError:
        return False
    finally:
        s.close()
ports = []
while len(ports) < int(sys.argv[1]):
    p = random.randint(20000, 32000)
    if p not in ports and free(p):
        ports.append(p)
while True:
    p = random.randint(20002, 32000)
    if p not in ports and p - 2 not in ports and free(p) and free(p - 2):
        ports.append(p); break
print(" ".join(map(str, ports)))
PY
}

java_run() { # lib heap dir main-class args... (logs go to dir/logs: user.home); always run in
  # a subshell or in the background: it becomes the JVM, so $! is the JVM's PID
  local lib="$1" heap="$2" dir="$3"; shift 3
  exec java "${JAVA_OPTS_COMMON[@]}" "-Xms$heap" "-Xmx$heap" -XX:MaxDirectMemorySize=256m \
    "-Duser.home=$dir" -cp "$lib/*" "$@"
}

wait_for() { # pid log pattern what
  local pid="$1" file="$2" pattern="$3" what="$4" deadline=$((SECONDS + READY_TIMEOUT))
  until grep -q "$pattern" "$file" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || die "$what exited during start-up; log: $file"
    ((SECONDS < deadline)) || die "$what not ready after ${READY_TIMEOUT}s; log: $file"
    sleep 0.5 # poll interval
  done
}

start() {
  local dir="$1" version="${2:-$DEFAULT_VERSION}" lib ns grpc remoting ha broker
  command -v java >/dev/null || die "java not found (scripts/lib.sh ensure_build_deps installs it)"
  fetch_jars "$version"
  lib="$(lib_dir "$version")"
  mkdir -p "$dir/home" "$dir/store"
  dir="$(cd "$dir" && pwd)"
  read -r ns grpc remoting ha broker <<<"$(free_ports 4)"
  printf 'listenPort=%s\n' "$ns" >"$dir/namesrv.properties"
  printf '{"rocketMQClusterName": "DefaultCluster", "grpcServerPort": %s, "remotingListenPort": %s, "namesrvAddr": "127.0.0.1:%s"}\n' \
    "$grpc" "$remoting" "$ns" >"$dir/proxy.json"
  cat >"$dir/broker.conf" <<EOF
brokerClusterName=DefaultCluster
brokerName=reference-broker
brokerId=0
brokerIP1=127.0.0.1
listenPort=$broker
haListenPort=$ha
namesrvAddr=127.0.0.1:$ns
storePathRootDir=$dir/store
storePathCommitLog=$dir/store/commitlog
mappedFileSizeCommitLog=67108864
rocketmqHome=$dir/home
transactionTimeOut=${REFERENCE_TRANSACTION_TIMEOUT_MS:-2000}
transactionCheckInterval=${REFERENCE_TRANSACTION_CHECK_INTERVAL_MS:-2000}
EOF
  log "starting NameServer $version on 127.0.0.1:$ns"
  ROCKETMQ_HOME="$dir/home" java_run "$lib" 128m "$dir" \
    org.apache.rocketmq.namesrv.NamesrvStartup -c "$dir/namesrv.properties" >"$dir/namesrv.out" 2>&1 &
  echo $! >"$dir/namesrv.pid"
  log "starting the proxy (Local mode) $version: gRPC on 127.0.0.1:$grpc"
  ROCKETMQ_HOME="$dir/home" java_run "$lib" "$PROXY_HEAP" "$dir" \
    org.apache.rocketmq.proxy.ProxyStartup -pm local -pc "$dir/proxy.json" -bc "$dir/broker.conf" \
    >"$dir/proxy.out" 2>&1 &
  echo $! >"$dir/proxy.pid"
  wait_for "$(cat "$dir/namesrv.pid")" "$dir/namesrv.out" "boot success" "the NameServer"
  wait_for "$(cat "$dir/proxy.pid")" "$dir/proxy.out" "startup successfully" "the proxy"
  cat >"$dir/env" <<EOF
REFERENCE_ENDPOINT=127.0.0.1:$grpc
REFERENCE_NAMESRV=127.0.0.1:$ns
REFERENCE_BROKER=127.0.0.1:$broker
REFERENCE_VERSION=$version
REFERENCE_LIB=$lib
EOF
  log "ready: REFERENCE_ENDPOINT=127.0.0.1:$grpc (logs in $dir)"
}

env_of() { # dir key
  sed -n "s/^$2=//p" "$1/env"
}

admin() {
  local dir="$1"; shift
  [[ -f "$dir/env" ]] || die "no reference server started in $dir"
  local out
  out="$(java_run "$(env_of "$dir" REFERENCE_LIB)" 128m "$dir" \
    org.apache.rocketmq.tools.command.MQAdminStartup "$1" -n "$(env_of "$dir" REFERENCE_NAMESRV)" \
    "${@:2}" 2>&1)" || die "mqadmin $* failed: $out"
  # mqadmin exits 0 on many failures; its success lines say "success".
  grep -q -i "success" <<<"$out" || die "mqadmin $* failed: $out"
}

topic() {
  local dir="$1" name="$2" type="${3:-NORMAL}"
  [[ -f "$dir/env" ]] || die "no reference server started in $dir"
  admin "$dir" updateTopic -b "$(env_of "$dir" REFERENCE_BROKER)" -t "$name" -r 8 -w 8 \
    -a "+message.type=${type^^}"
}

group() {
  local dir="$1" name="$2" args=()
  [[ "${3:-}" == fifo ]] && args=(-o true)
  [[ -f "$dir/env" ]] || die "no reference server started in $dir"
  admin "$dir" updateSubGroup -b "$(env_of "$dir" REFERENCE_BROKER)" -g "$name" "${args[@]}"
}

stop() {
  local dir="$1" pid
  for name in proxy namesrv; do
    [[ -f "$dir/$name.pid" ]] || continue
    pid="$(cat "$dir/$name.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/$name.pid"
  done
  rm -rf "$dir/store"
}

run() {
  local version="$DEFAULT_VERSION"
  if [[ "${1:-}" != "--" ]]; then version="$1"; shift; fi
  [[ "${1:-}" == "--" ]] || die "usage: reference.sh run [VERSION] -- COMMAND..."
  shift
  local dir rc=0
  dir="$(mktemp -d -t apogee-reference.XXXXXX)"
  trap 'stop "$dir"' EXIT
  start "$dir" "$version"
  set -a; . "$dir/env"; set +a
  export REFERENCE_DIR="$dir"
  timeout "${REFERENCE_TIMEOUT:-1200}" "$@" || rc=$?
  stop "$dir"
  trap - EXIT
  [[ "${KEEP_REFERENCE_LOGS:-}" ]] || rm -rf "$dir"
  return "$rc"
}

cmd="${1:-}"
[[ -n "$cmd" ]] || { sed -n '2,20p' "$0"; exit 2; }
shift
case "$cmd" in
  start | topic | group | admin | stop | run) "$cmd" "$@" ;;
  *) die "unknown command $cmd" ;;
esac
