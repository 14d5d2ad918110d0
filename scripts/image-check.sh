#!/usr/bin/env bash
# scripts/image-check.sh BINARY: builds the OCI image from BINARY (scripts/build-image.sh),
# checks the layout (digests, sizes, media types, the image's config), then runs the image with
# podman + runc from Debian, as the image says (its entrypoint, user 10001, /data volume) with a
# read-only root filesystem, and from the host sends and receives messages through it with
# `apogee bench`, restarts it and finds the messages still there, stopping it cleanly each time.
# Exits non-zero on any failure. Everything podman stores lives in a temporary directory.
set -euo pipefail
(($# == 1)) || { echo "usage: $0 BINARY" >&2; exit 2; }
binary="$(realpath "$1")"
cd "$(dirname "$0")/.."
. scripts/lib.sh
missing=()
for tool in buildah podman runc skopeo; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then apt_install "${missing[@]}"; fi

work="$(mktemp -d)"
# vfs: no overlay mounts needed; cgroupfs: no systemd needed; runc: Debian 12's crun refuses
# hosts whose cgroups are in hybrid (v1 + v2) mode; no events journal.
p=(podman --root "$work/storage" --runroot "$work/run" --storage-driver vfs --runtime runc
  --cgroup-manager cgroupfs --events-backend none)
name="apogee-image-check-$$"
cleanup() {
  "${p[@]}" rm -f -v "$name" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  log "image check FAILED: $*"
  if "${p[@]}" container exists "$name"; then "${p[@]}" logs "$name" 2>&1 | tail -30 >&2; fi
  exit 1
}

started=$SECONDS
bash scripts/build-image.sh "$binary" "$work/oci"
log "image built in $((SECONDS - started))s"

# Independent of the tools that wrote it: every blob matches its descriptor's digest and size,
# the layer's uncompressed digest is the config's diff_id, and the config says what we ship.
python3 - "$work/oci" <<'EOF' || fail "OCI layout is not valid"
import gzip, hashlib, json, os, sys
root = sys.argv[1]
def blob(desc, media_type):
    assert desc["mediaType"] == media_type, (desc["mediaType"], media_type)
    algo, hexd = desc["digest"].split(":")
    data = open(os.path.join(root, "blobs", algo, hexd), "rb").read()
    assert algo == "sha256" and hashlib.sha256(data).hexdigest() == hexd, f"digest of {hexd}"
    assert len(data) == desc["size"], f"size of {hexd}"
    return data
assert json.load(open(os.path.join(root, "oci-layout")))["imageLayoutVersion"] == "1.0.0"
index = json.load(open(os.path.join(root, "index.json")))
(desc,) = index["manifests"]
assert desc["annotations"]["org.opencontainers.image.ref.name"] == "latest"
manifest = json.loads(blob(desc, "application/vnd.oci.image.manifest.v1+json"))
config = json.loads(blob(manifest["config"], "application/vnd.oci.image.config.v1+json"))
layers = [blob(l, "application/vnd.oci.image.layer.v1.tar+gzip") for l in manifest["layers"]]
diff_ids = ["sha256:" + hashlib.sha256(gzip.decompress(l)).hexdigest() for l in layers]
assert config["rootfs"]["diff_ids"] == diff_ids, "diff_ids"
c = config["config"]
assert (config["os"], config["architecture"]) == ("linux", "amd64")
assert c["User"] == "10001:10001" and c["WorkingDir"] == "/data", c
assert c["Entrypoint"] == ["apogee"] and c["Cmd"][0] == "standalone", c
assert set(c["ExposedPorts"]) == {"8081/tcp", "9876/tcp", "9464/tcp", "8080/tcp"}, c
assert set(c["Volumes"]) == {"/data"}, c
print(f"layout ok: {len(layers)} layer(s), {sum(map(len, layers))} bytes compressed")
EOF
# Load it the way the README says (skopeo copy, which checks the digests again) into the store
# podman uses here.
skopeo copy --quiet "oci:$work/oci:latest" \
  "containers-storage:[vfs@$work/storage+$work/run]localhost/apogee:image-check" ||
  fail "skopeo cannot load the layout"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
endpoint="127.0.0.1:$(free_port)"
# /metrics (9464 in the image) listens on 0.0.0.0:9464 by default, which on the host network
# could be taken: give it a free loopback port too, when the binary has the flag.
metrics=() metrics_url=""
if grep -q -- --metrics-listen <<<"$("$binary" standalone --help)"; then
  metrics_addr="127.0.0.1:$(free_port)"
  metrics=(--metrics-listen "$metrics_addr") metrics_url="http://$metrics_addr/metrics"
fi
# The web console (8080 in the image) likewise.
console=() console_url=""
if grep -q -- --console-listen <<<"$("$binary" standalone --help)"; then
  console_addr="127.0.0.1:$(free_port)"
  console=(--console-listen "$console_addr") console_url="http://$console_addr/"
fi
admin() { timeout 30 "$binary" admin --endpoint "http://$endpoint" --json "$@"; }
# Polls until the server answers the admin API; gives up if the container stops or after 60s.
wait_ready() {
  local deadline=$((SECONDS + 60))
  until admin topic list >/dev/null 2>&1; do
    [[ "$("${p[@]}" inspect -f '{{.State.Running}}' "$name")" == true ]] || fail "container exited"
    ((SECONDS < deadline)) || fail "not serving on $endpoint after 60s"
    sleep 0.2
  done
}
stop_cleanly() {
  "${p[@]}" stop -t 30 "$name" >/dev/null || fail "podman stop"
  local code; code="$("${p[@]}" inspect -f '{{.State.ExitCode}}' "$name")"
  [[ "$code" == 0 ]] || fail "apogee exited with status $code on SIGTERM"
}
stored() { # messages stored in topic $1: the sum of its queues' max offsets
  admin topic describe "$1" | python3 -c 'import json, sys; print(sum(q["max_offset"] for q in json.load(sys.stdin)["queues"]))'
}
expect_bench() { # expect_bench N JSON: the bench moved exactly N messages with no errors
  python3 - "$1" "$2" <<'EOF'
import json, sys
n, r = int(sys.argv[1]), json.loads(sys.argv[2])
if (r["messages"], r["errors"]) != (n, 0):
    sys.exit(f"bench {r['bench']}: {r['messages']} messages, {r['errors']} errors; expected {n}, 0")
EOF
}

started=$SECONDS
# Host network (no CNI/netavark needed), the server only on loopback. Explicit ulimits: podman's
# defaults are above what an unprivileged-resource host (no CAP_SYS_RESOURCE) may set.
nofile="$(ulimit -Hn)"; ((nofile > 65536)) && nofile=65536
"${p[@]}" run -d --name "$name" --network host --read-only --log-driver k8s-file \
  --ulimit "nofile=$nofile:$nofile" --ulimit nproc=4096:4096 \
  localhost/apogee:image-check standalone --listen "$endpoint" --data-dir /data "${metrics[@]}" "${console[@]}" >/dev/null ||
  fail "podman run"
wait_ready
pid="$("${p[@]}" inspect -f '{{.State.Pid}}' "$name")"
[[ "$(stat -c %u "/proc/$pid")" == 10001 ]] || fail "apogee does not run as uid 10001"
log "image running as uid 10001 on $endpoint after $((SECONDS - started))s; sending and receiving"

produced=500 consumed=300
out="$(timeout 120 "$binary" bench produce --endpoint "$endpoint" --json --count $produced \
  --topic image-check-produce --size 256)" || fail "bench produce"
expect_bench $produced "$out" || fail "bench produce"
out="$(timeout 120 "$binary" bench consume --endpoint "$endpoint" --json --prefill $consumed \
  --count $consumed --topic image-check-consume --size 256)" || fail "bench consume"
expect_bench $consumed "$out" || fail "bench consume"
[[ "$(stored image-check-produce)" == "$produced" ]] || fail "topic does not hold $produced messages"
if [[ -n "$metrics_url" ]]; then
  python3 -c 'import sys, urllib.request
sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=10).read().strip() else "empty")' \
    "$metrics_url" || fail "no metrics at $metrics_url"
fi
if [[ -n "$console_url" ]]; then
  python3 -c 'import sys, urllib.request
page = urllib.request.urlopen(sys.argv[1], timeout=10).read().decode()
sys.exit(0 if "image-check-produce" in urllib.request.urlopen(sys.argv[1] + "topics", timeout=10).read().decode() and "Overview" in page else "no console")' \
    "$console_url" || fail "no console at $console_url (or it does not list the topic)"
fi
stop_cleanly

log "restarting the container: the messages must still be in its /data volume"
"${p[@]}" start "$name" >/dev/null || fail "podman start"
wait_ready
[[ "$(stored image-check-produce)" == "$produced" ]] || fail "messages lost across the restart"
stop_cleanly
log "image check passed: sent $produced and $consumed, received $consumed, kept $produced across a restart ($((SECONDS - started))s)"
