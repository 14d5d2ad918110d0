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
  if ((${#missing[@]})); then apt_install "${missing[@]}"; fi
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
