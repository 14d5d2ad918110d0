#!/usr/bin/env bash
# Regenerate the committed Go and Python client packages from ../proto (the one codegen command).
# Java is not generated here: java/pom.xml generates it from ../proto in every Maven build.
#
#   bash sdk-gen/generate.sh
#
# Installs the pinned tools it lacks (see versions.env) under ${APOGEE_CACHE:-$HOME/.cache/apogee}/sdk-gen,
# then rewrites only the generated directories:
#   go/rocketmqv2 go/adminv1 go/nameserverv1          protoc-gen-go + protoc-gen-go-grpc
#   python/src/apogee_proto                           grpcio-tools (python, pyi, grpc_python)
# Everything else under sdk-gen (go.mod, pom.xml, pyproject.toml, tests, examples) is hand-written.
# The output is byte-for-byte reproducible for the same protos and pins; check.sh fails when the
# committed output differs from a fresh run.
#
# Environment: APOGEE_PROTO_DIR (default: ../proto next to this directory), APOGEE_CACHE.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROTO_DIR="$(cd "${APOGEE_PROTO_DIR:-$HERE/../proto}" && pwd)"
CACHE="${APOGEE_CACHE:-$HOME/.cache/apogee}/sdk-gen"
# shellcheck source=versions.env
. "$HERE/versions.env"

# The published proto packages (PROTO_PACKAGES in versions.env; java/java-protos.sh reads it too).
read -ra PROTO_PACKAGES <<<"$PROTO_PACKAGES"
GO_MODULE="github.com/apogee-mq/apogee/sdk-gen/go"
PY_PACKAGE="apogee_proto"

log() { printf '==> %s\n' "$*" >&2; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Short name of a proto package directory: apache/rocketmq/v2 -> rocketmq v2.
short_name() { local d="$1"; echo "$(basename "$(dirname "$d")") $(basename "$d")"; }

os_arch() {
  local arch
  case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch_64 ;;
    *) log "unsupported machine $(uname -m)"; return 1 ;;
  esac
  [[ "$(uname -s)" == Linux ]] || { log "only Linux is supported"; return 1; }
  echo "linux-$arch"
}

# --- tools -------------------------------------------------------------------------------

# Fetch an executable from Maven Central with the dependency plugin (the ordinary Maven client).
maven_exe() {  # group artifact version dest
  local group="$1" artifact="$2" version="$3" dest="$4" classifier tmp
  [[ -x "$dest" ]] && return 0
  classifier="$(os_arch)"
  log "fetching $group:$artifact:$version ($classifier) from Maven Central"
  tmp="$WORK/maven-$artifact"
  mkdir -p "$tmp"
  # Maven's output is shown only when it fails (even -q prints terminal escape codes).
  if ! (cd "$tmp" && mvn -q -B -ntp -Dstyle.color=never \
    "org.apache.maven.plugins:maven-dependency-plugin:$MAVEN_DEPENDENCY_PLUGIN_VERSION:copy" \
    "-Dartifact=$group:$artifact:$version:exe:$classifier" -DoutputDirectory="$tmp/out" \
    >"$tmp/mvn.log" 2>&1); then
    cat "$tmp/mvn.log" >&2
    return 1
  fi
  mkdir -p "$(dirname "$dest")"
  install -m 0755 "$tmp/out/$artifact-$version-$classifier.exe" "$dest"
}

go_tool() {  # package version dest-dir
  local pkg="$1" version="$2" dir="$3"
  [[ -x "$dir/$(basename "$pkg")" ]] && return 0
  log "installing $pkg@$version"
  mkdir -p "$dir"
  (cd "$dir" && GOBIN="$dir" go install "$pkg@$version")
}

python_venv() {
  local venv="$CACHE/py-venv" want
  if [[ ! -x "$venv/bin/python" ]]; then
    log "creating the Python venv $venv"
    mkdir -p "$CACHE"
    if ! python3 -m venv "$venv"; then
      # Debian splits venv/ensurepip out of python3; install it only as root.
      [[ "$(id -u)" -eq 0 ]] || { log "python3 -m venv failed; install python3-venv"; return 1; }
      rm -rf "$venv"
      apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-venv
      python3 -m venv "$venv"
    fi
  fi
  # Reinstall only when the pins changed (a stamp holds them).
  want="grpcio-tools==$GRPCIO_TOOLS_VERSION grpcio==$GRPCIO_VERSION protobuf==$PROTOBUF_PY_VERSION pytest==$PYTEST_VERSION hatchling==$HATCHLING_VERSION"
  if [[ "$(cat "$venv/.apogee-pins" 2>/dev/null || true)" != "$want" ]]; then
    log "installing into the venv: $want"
    # shellcheck disable=SC2086
    "$venv/bin/python" -m pip install -q --disable-pip-version-check $want
    echo "$want" >"$venv/.apogee-pins"
  fi
  PYTHON="$venv/bin/python"
}

install_tools() {
  local arch tool
  arch="$(os_arch)"
  for tool in python3 go mvn java; do
    command -v "$tool" >/dev/null || { log "$tool is required (see sdk-gen/README.md)"; return 1; }
  done
  python_venv
  PROTOC="$CACHE/tools/protoc-$PROTOC_VERSION-$arch"
  maven_exe com.google.protobuf protoc "$PROTOC_VERSION" "$PROTOC"
  GO_BIN="$CACHE/tools/go-$PROTOC_GEN_GO_VERSION-grpc-$PROTOC_GEN_GO_GRPC_VERSION"
  go_tool google.golang.org/protobuf/cmd/protoc-gen-go "$PROTOC_GEN_GO_VERSION" "$GO_BIN"
  go_tool google.golang.org/grpc/cmd/protoc-gen-go-grpc "$PROTOC_GEN_GO_GRPC_VERSION" "$GO_BIN"
  # Well-known types (google/protobuf/*.proto) ship with grpcio-tools, at the same libprotoc.
  WKT="$("$PYTHON" -c 'import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), "_proto"))')"
}

# The .proto files of the published packages, relative to PROTO_DIR, in a stable order.
proto_files() {
  local d
  for d in "${PROTO_PACKAGES[@]}"; do
    (cd "$PROTO_DIR" && find "$d" -maxdepth 1 -name '*.proto' | LC_ALL=C sort)
  done
}

# --- Go ----------------------------------------------------------------------------------

generate_go() {
  local out="$HERE/go" d f a b pkg args=()
  log "Go: protoc-gen-go $PROTOC_GEN_GO_VERSION, protoc-gen-go-grpc $PROTOC_GEN_GO_GRPC_VERSION"
  for d in "${PROTO_PACKAGES[@]}"; do
    read -r a b <<<"$(short_name "$d")"
    pkg="$a$b"  # rocketmqv2, adminv1, nameserverv1
    rm -rf "${out:?}/$pkg"
    mkdir -p "$out"
    # The protos carry no go_package: map each file to its Go package on the command line.
    for f in "${PROTO_FILES[@]}"; do
      [[ "$(dirname "$f")" == "$d" ]] || continue
      args+=("--go_opt=M$f=$GO_MODULE/$pkg" "--go-grpc_opt=M$f=$GO_MODULE/$pkg")
    done
  done
  "$PROTOC" -I "$PROTO_DIR" -I "$WKT" \
    --plugin=protoc-gen-go="$GO_BIN/protoc-gen-go" \
    --plugin=protoc-gen-go-grpc="$GO_BIN/protoc-gen-go-grpc" \
    --go_out="$out" --go_opt=module="$GO_MODULE" \
    --go-grpc_out="$out" --go-grpc_opt=module="$GO_MODULE" \
    "${args[@]}" "${PROTO_FILES[@]}"
}

# --- Python ------------------------------------------------------------------------------

generate_python() {
  local out="$HERE/python/src/$PY_PACKAGE" tmp d roots
  log "Python: grpcio-tools $GRPCIO_TOOLS_VERSION"
  tmp="$WORK/python"
  mkdir -p "$tmp/$PY_PACKAGE"
  (cd "$PROTO_DIR" && "$PYTHON" -m grpc_tools.protoc -I . -I "$WKT" \
    --python_out="$tmp/$PY_PACKAGE" --pyi_out="$tmp/$PY_PACKAGE" \
    --grpc_python_out="$tmp/$PY_PACKAGE" "${PROTO_FILES[@]}")
  # protoc writes absolute imports of the proto packages (from apache.rocketmq.v2 import ...);
  # put them under our import package. The proto file names in the descriptors stay as they are.
  roots="$(for d in "${PROTO_PACKAGES[@]}"; do echo "${d%%/*}"; done | sort -u | paste -sd'|')"
  find "$tmp/$PY_PACKAGE" \( -name '*.py' -o -name '*.pyi' \) -print0 |
    xargs -0 sed -i -E "s/^from ($roots)([. ])/from $PY_PACKAGE.\\1\\2/"
  # Every directory is a regular package.
  find "$tmp/$PY_PACKAGE" -mindepth 1 -type d -exec touch {}/__init__.py \;
  cat >"$tmp/$PY_PACKAGE/__init__.py" <<PY
"""Generated gRPC stubs and messages for Apogee (generated by sdk-gen/generate.sh; do not edit).

Modules mirror the proto files:
$(for d in "${PROTO_PACKAGES[@]}"; do echo "    $PY_PACKAGE.${d//\//.}"; done)
each with <file>_pb2 (messages) and <file>_pb2_grpc (service stubs).
"""
PY
  touch "$tmp/$PY_PACKAGE/py.typed"
  rm -rf "$out"
  mkdir -p "$(dirname "$out")"
  mv "$tmp/$PY_PACKAGE" "$out"
}

install_tools
mapfile -t PROTO_FILES < <(proto_files)
((${#PROTO_FILES[@]})) || { log "no .proto files under $PROTO_DIR"; exit 1; }
generate_go
generate_python
log "generated into $HERE/{go,python}"
