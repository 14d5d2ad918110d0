# Shared by the quick-start scripts: install what a fresh Debian machine lacks, once.
# Sourced, not run.

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/apogee-target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

log() { printf '==> %s\n' "$*" >&2; }

as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; return 1
  fi
}

apt_install() {
  log "installing Debian packages: $*"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "$@"
}

# librocksdb-sys generates its bindings with bindgen, which needs libclang at build time;
# RocksDB itself needs a C++ compiler.
ensure_build_deps() {
  local missing=()
  dpkg -s libclang-dev >/dev/null 2>&1 || missing+=(libclang-dev)
  command -v g++ >/dev/null || missing+=(g++)
  command -v make >/dev/null || missing+=(make)
  command -v python3 >/dev/null || missing+=(python3)
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
  # The generated-stub and official-client tests use Go, Java (Maven) and Node.js.
  command -v mvn >/dev/null || missing+=(maven)
  command -v java >/dev/null || missing+=(default-jdk-headless)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  command -v unzip >/dev/null || missing+=(unzip)
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
  ensure_go
}

# The Go modules need Go >= 1.25, newer than Debian 12's golang-go. When `go` is missing or
# older than 1.21 (which cannot fetch newer toolchains itself), take the Go toolchain from the
# Go module proxy, as `GOTOOLCHAIN` would, into ~/.cache/apogee/go.
GO_TOOLCHAIN_VERSION=1.26.8
ensure_go() {
  local cached="$HOME/.cache/apogee/go/golang.org/toolchain@v0.0.1-go$GO_TOOLCHAIN_VERSION.linux-amd64"
  [[ -x "$cached/bin/go" ]] && export PATH="$cached/bin:$PATH"
  local have=""
  command -v go >/dev/null && have="$(go env GOVERSION 2>/dev/null | sed 's/^go//')"
  if [[ -n "$have" && "$(printf '%s\n1.21\n' "$have" | sort -V | head -1)" == "1.21" ]]; then
    return 0
  fi
  log "installing Go $GO_TOOLCHAIN_VERSION from the Go module proxy (found: ${have:-none})"
  local zip; zip="$(mktemp --suffix=.zip)"
  curl -sSfL -o "$zip" \
    "https://proxy.golang.org/golang.org/toolchain/@v/v0.0.1-go$GO_TOOLCHAIN_VERSION.linux-amd64.zip"
  mkdir -p "$HOME/.cache/apogee/go"
  unzip -q -o "$zip" -d "$HOME/.cache/apogee/go"
  rm -f "$zip"
  export PATH="$cached/bin:$PATH"
}

ensure_rust() {
  [[ -f "$HOME/.cargo/env" ]] && . "$HOME/.cargo/env"
  if ! command -v cargo >/dev/null; then
    log "cargo not found; installing Rust with rustup"
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    . "$HOME/.cargo/env"
  fi
  local have; have="$(rustc --version | awk '{print $2}')"
  if [[ "$(printf '%s\n1.88.0\n' "$have" | sort -V | head -1)" != "1.88.0" ]]; then
    log "rustc $have is older than 1.88; updating"
    rustup update stable
  fi
}
