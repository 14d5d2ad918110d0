#!/usr/bin/env bash
# CI check of sdk-gen:
#   1. drift: regenerate the committed Go and Python code into a temporary copy of sdk-gen and
#      fail, with a diff summary, when it differs (fix: run sdk-gen/generate.sh and commit the
#      result). Java is not committed: step 3's mvn test generates it from proto/ itself;
#   2. the pins in go.mod and pom.xml agree with versions.env;
#   3. each language's test against a real server it starts itself: go test, mvn test (which
#      first runs protoc and compiles the generated Java), pytest.
#
#   bash sdk-gen/check.sh PATH_TO_APOGEE_BINARY
set -euo pipefail

if [[ $# -ne 1 ]]; then
  echo "usage: $0 PATH_TO_APOGEE_BINARY" >&2
  exit 2
fi
[[ -f "$1" && -x "$1" ]] || { echo "not an executable file: $1" >&2; exit 2; }
APOGEE_BIN="$(realpath "$1")"
export APOGEE_BIN

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROTO_DIR="$(cd "${APOGEE_PROTO_DIR:-$HERE/../proto}" && pwd)"
CACHE="${APOGEE_CACHE:-$HOME/.cache/apogee}/sdk-gen"
VENV="$CACHE/py-venv"
# shellcheck source=versions.env
. "$HERE/versions.env"

log() { printf '==> %s\n' "$*" >&2; }
now() { date +%s; }

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Build and test outputs that live in the tree but are not committed (see .gitignore): left out
# of the copy (tar: paths) and of the comparison (diff: base names).
TAR_EXCLUDES=(--exclude=./java/target --exclude=./python/build --exclude='*.egg-info'
  --exclude=__pycache__ --exclude=.pytest_cache)
DIFF_EXCLUDES=(-x target -x build -x '*.egg-info' -x __pycache__ -x .pytest_cache)

# --- 1. drift ----------------------------------------------------------------------------
t0=$(now)
log "drift: regenerating into a temporary copy"
mkdir -p "$TMP/sdk-gen"
tar -C "$HERE" "${TAR_EXCLUDES[@]}" -cf - . | tar -C "$TMP/sdk-gen" -xf -
APOGEE_PROTO_DIR="$PROTO_DIR" bash "$TMP/sdk-gen/generate.sh"
if ! diff -r -q "${DIFF_EXCLUDES[@]}" "$HERE" "$TMP/sdk-gen" >"$TMP/drift.txt" 2>&1; then
  # Summary: which files differ or exist on one side only, then the start of the diff.
  log "generated code is out of date ($(wc -l <"$TMP/drift.txt") paths differ): run sdk-gen/generate.sh and commit the result"
  sed "s|$TMP/sdk-gen|regenerated|g; s|$HERE|sdk-gen|g" "$TMP/drift.txt" | head -n 40 >&2
  (cd "$TMP" && ln -s "$HERE" committed && ln -s sdk-gen regenerated &&
    diff -ruN "${DIFF_EXCLUDES[@]}" committed/ regenerated/ | head -n 60) >&2 || true
  exit 1
fi
log "drift: none ($(($(now) - t0)) s)"

# --- 2. pins -----------------------------------------------------------------------------
pin_errors=0
pin() {  # what file pattern want
  if ! grep -qE "$3" "$2"; then
    log "pin mismatch: $1 in ${2#"$HERE"/} should be $4 (versions.env)"
    pin_errors=$((pin_errors + 1))
  fi
}
pin "grpc.version" "$HERE/java/pom.xml" "<grpc.version>${GRPC_JAVA_VERSION//./\\.}</grpc.version>" "$GRPC_JAVA_VERSION"
pin "protobuf.version" "$HERE/java/pom.xml" "<protobuf.version>${PROTOC_VERSION//./\\.}</protobuf.version>" "$PROTOC_VERSION"
pin "protobuf-maven-plugin.version" "$HERE/java/pom.xml" \
  "<protobuf-maven-plugin.version>${PROTOBUF_MAVEN_PLUGIN_VERSION//./\\.}</protobuf-maven-plugin.version>" \
  "$PROTOBUF_MAVEN_PLUGIN_VERSION"
pin "os-maven-plugin.version" "$HERE/java/pom.xml" \
  "<os-maven-plugin.version>${OS_MAVEN_PLUGIN_VERSION//./\\.}</os-maven-plugin.version>" "$OS_MAVEN_PLUGIN_VERSION"
pin "google.golang.org/protobuf" "$HERE/go/go.mod" "google.golang.org/protobuf ${PROTOC_GEN_GO_VERSION//./\\.}\$" "$PROTOC_GEN_GO_VERSION"
((pin_errors == 0)) || exit 1

# --- 3. tests against a real server ------------------------------------------------------
passed=0
failed=0
suite() {  # name command...
  local name="$1" t
  shift
  t=$(now)
  log "$name"
  if "$@"; then
    passed=$((passed + 1))
    log "$name: ok ($(($(now) - t)) s)"
  else
    failed=$((failed + 1))
    log "$name: FAILED ($(($(now) - t)) s)"
  fi
}

go_tests() { (cd "$HERE/go" && go test -count=1 ./...); }

java_tests() {
  # Generates the Java sources from proto/ (pom.xml), compiles them and runs the test.
  # Maven prints terminal escape codes even with -q; strip them.
  (cd "$HERE/java" && mvn -q -B -ntp -Dstyle.color=never -Dapogee.proto.dir="$PROTO_DIR" test 2>&1 |
    sed 's/\x1b\[[0-9;]*m//g'; exit "${PIPESTATUS[0]}")
}

python_tests() {
  # generate.sh (run above) made the venv with the pinned grpcio, protobuf, pytest and hatchling.
  # Install the package as a user would (a wheel built from pyproject.toml), then check that its
  # declared dependencies are satisfied by the pinned ones.
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-build-isolation \
    --no-deps --force-reinstall "$HERE/python" &&
    "$VENV/bin/python" -m pip check -q --disable-pip-version-check >/dev/null &&
    (cd "$HERE/python" && PYTHONDONTWRITEBYTECODE=1 \
      "$VENV/bin/python" -m pytest -q -p no:cacheprovider tests)
}

suite "go test ./... (sdk-gen/go)" go_tests
suite "mvn -q test (sdk-gen/java)" java_tests
suite "pytest (sdk-gen/python)" python_tests

echo "sdk-gen: $passed passed, $failed failed"
((failed == 0))
