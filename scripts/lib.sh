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
  command -v openssl >/dev/null || missing+=(openssl) # test CAs for the clients' TLS scenarios
  # Browser tests of the web console (tests/python/test_console.py): headless Chromium.
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
  ensure_go
}

# The Go modules need Go >= 1.25, newer than Debian 12's golang-go. When `go` is missing or
# older than 1.21 (which cannot switch toolchains itself), Debian's golang-go fetches the Go
# toolchain as the module golang.org/toolchain (what `GOTOOLCHAIN` does) through its own module
# proxy setting; the toolchain is kept in ~/.cache/apogee/go.
GO_TOOLCHAIN_VERSION=1.26.8
ensure_go() {
  local module="golang.org/toolchain@v0.0.1-go$GO_TOOLCHAIN_VERSION.linux-amd64"
  local cached="$HOME/.cache/apogee/go/$module"
  [[ -x "$cached/bin/go" ]] && export PATH="$cached/bin:$PATH"
  local have=""
  command -v go >/dev/null && have="$(go env GOVERSION 2>/dev/null | sed 's/^go//')"
  if [[ -n "$have" && "$(printf '%s\n1.21\n' "$have" | sort -V | head -1)" == "1.21" ]]; then
    return 0
  fi
  command -v go >/dev/null || apt_install golang-go
  log "installing Go $GO_TOOLCHAIN_VERSION through the Go module proxy (found: ${have:-none})"
  local work dir
  work="$(mktemp -d)"
  dir="$(cd "$work" && GO111MODULE=on GOFLAGS=-modcacherw GOMODCACHE="$work/mod" \
    go mod download -json "$module" | python3 -c 'import json, sys; print(json.load(sys.stdin)["Dir"])')"
  mkdir -p "$(dirname "$cached")"
  rm -rf "$cached"
  cp -r "$dir" "$cached"
  rm -rf "$work"
  # Module zips carry no file modes: make the toolchain's programs executable again.
  chmod -R u+w "$cached"
  find "$cached/bin" "$cached/pkg/tool" -type f -exec chmod +x {} +
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
