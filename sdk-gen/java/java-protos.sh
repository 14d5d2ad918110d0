#!/usr/bin/env bash
# Copy the published .proto files into OUT_DIR with the Java options added (run by Maven in the
# generate-sources phase, before protoc; see pom.xml).
#
#   bash java-protos.sh PROTO_DIR OUT_DIR
#
# java_package cannot be given on protoc's command line, and the protos under proto/ carry no
# language options on purpose, so the Java build compiles this copy instead. For
# apache/rocketmq/v2/service.proto it appends to the package line (on that line, so that protoc's
# error messages keep the original line numbers):
#   option java_multiple_files = true; option java_package = "io.apogee.proto.rocketmq.v2";
#   option java_outer_classname = "ServiceProto";
# The published packages (PROTO_PACKAGES) are listed in ../versions.env.
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 PROTO_DIR OUT_DIR" >&2; exit 2; }
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROTO_DIR="$(cd "$1" && pwd)"
OUT="$2"
# shellcheck source=../versions.env
. "$HERE/../versions.env"
JAVA_PACKAGE_ROOT="io.apogee.proto"

# CamelCase of a file's base name: nameserver.proto -> Nameserver.
camel() { echo "$1" | sed -E 's/\.proto$//; s/(^|_)([a-z])/\U\2/g'; }

# Start clean, so that a proto removed from proto/ is not compiled from a stale copy.
rm -rf "$OUT"
for d in $PROTO_PACKAGES; do
  # apache/rocketmq/v2 -> io.apogee.proto.rocketmq.v2 (the last two path elements).
  pkg="$JAVA_PACKAGE_ROOT.$(basename "$(dirname "$d")").$(basename "$d")"
  mkdir -p "$OUT/$d"
  for f in "$PROTO_DIR/$d"/*.proto; do
    [[ -e "$f" ]] || { echo "no .proto files in $PROTO_DIR/$d" >&2; exit 1; }
    awk -v pkg="$pkg" -v outer="$(camel "$(basename "$f")")Proto" '
      /^package [a-z0-9_.]+;/ && !done {
        $0 = $0 " option java_multiple_files = true; option java_package = \"" pkg "\";" \
          " option java_outer_classname = \"" outer "\";"
        done = 1
      }
      { print }
      END { if (!done) { print "no package line in " FILENAME > "/dev/stderr"; exit 1 } }
    ' "$f" >"$OUT/$d/$(basename "$f")"
  done
done
