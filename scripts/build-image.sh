#!/usr/bin/env bash
# scripts/build-image.sh BINARY OUT_DIR: builds the Apogee container image FROM SCRATCH, with no
# registry and no base image, and writes it as an OCI image layout (oci-layout, index.json,
# blobs/sha256: manifest, config, one gzip layer) to OUT_DIR, reference `latest`.
# The layer holds BINARY as /usr/local/bin/apogee, the shared libraries `ldd` lists for it (with
# the dynamic loader), a passwd/group naming the non-root user 10001, /data (owned by it) and
# /tmp. No CA certificates: Apogee makes no TLS connections to public hosts (its TLS peers use
# the CAs its configuration names). Same settings as the Dockerfile: ENTRYPOINT apogee,
# CMD standalone on 0.0.0.0:8081 with its data in /data.
# Uses buildah from Debian (installed if missing) with its own throwaway storage (vfs driver,
# nothing run inside the image, so no namespaces are needed); timestamps are pinned to
# SOURCE_DATE_EPOCH (default 0) so the same inputs give the same image digest.
set -euo pipefail
(($# == 2)) || { echo "usage: $0 BINARY OUT_DIR" >&2; exit 2; }
binary="$(realpath "$1")" out="$(realpath -m "$2")"
cd "$(dirname "$0")/.."
. scripts/lib.sh
[[ -x "$binary" ]] || { log "not an executable: $binary"; exit 1; }
# OUT_DIR is replaced: refuse anything that is neither empty nor an earlier image layout.
if [[ -e "$out" && -n "$(ls -A "$out")" && ! -f "$out/oci-layout" ]]; then
  log "$out exists and is not an OCI layout; not overwriting it"; exit 1
fi
command -v buildah >/dev/null || apt_install buildah

version="$("$binary" --version | awk '{print $2}')"
epoch="${SOURCE_DATE_EPOCH:-0}"
work="$(mktemp -d)"
b=(buildah --root "$work/storage" --runroot "$work/run" --storage-driver vfs)
ctr=""
cleanup() {
  [[ -n "$ctr" ]] && "${b[@]}" rm "$ctr" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

ctr="$("${b[@]}" from scratch)"
root="$("${b[@]}" mount "$ctr")"
install -D -m 0755 "$binary" "$root/usr/local/bin/apogee"
# Each library at the path ldd resolved it to (symlinks followed), the loader included.
libs="$(ldd "$binary" | grep -o '/[^ ]*' || true)"
[[ -n "$libs" ]] || log "no shared libraries (static binary?)"
for lib in $libs; do install -D -m 0755 "$(realpath "$lib")" "$root$lib"; done
mkdir -p "$root/etc" "$root/data" "$root/tmp"
printf 'root:x:0:0:root:/:/usr/sbin/nologin\napogee:x:10001:10001:Apogee:/data:/usr/sbin/nologin\n' >"$root/etc/passwd"
printf 'root:x:0:\napogee:x:10001:\n' >"$root/etc/group"
chown 10001:10001 "$root/data"
chmod 0750 "$root/data"
chmod 1777 "$root/tmp"
# The clock at commit time must not leak into the files either.
find "$root" -exec touch -h -d "@$epoch" {} +
"${b[@]}" umount "$ctr" >/dev/null

"${b[@]}" config \
  --os linux --arch amd64 \
  --user 10001:10001 --workingdir /data \
  --env PATH=/usr/local/bin:/usr/bin:/bin \
  --entrypoint '["apogee"]' \
  --cmd '["standalone", "--listen", "0.0.0.0:8081", "--data-dir", "/data"]' \
  --port 8081/tcp --port 9876/tcp --port 9464/tcp --port 8080/tcp \
  --volume /data \
  --label org.opencontainers.image.title=apogee \
  --label org.opencontainers.image.version="$version" \
  --created-by "scripts/build-image.sh (from scratch)" \
  "$ctr"
"${b[@]}" commit --quiet --format oci --identity-label=false --timestamp "$epoch" "$ctr" apogee:build >/dev/null
rm -rf "$out"
"${b[@]}" push --quiet --compression-format gzip --remove-signatures apogee:build "oci:$out:latest"
log "OCI image layout in $out (apogee $version, $(du -sh "$out" | cut -f1))"
