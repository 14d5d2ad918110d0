#!/usr/bin/env bash
# Helm chart check (CI): helm lint --strict and helm template for both CI values files, then
# every rendered document strictly decoded into its Kubernetes API type (unknown fields and
# kinds refused) and cross-checked, plus the config schema against config/apogee.example.toml
# (charts/apogee/validate, a Go module). Helm is built from the Go module proxy once and kept
# in ~/.cache/apogee/helm.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
ensure_go

HELM_VERSION=v3.22.0
KUBE_VERSION=1.30.0
chart=charts/apogee
helm_dir="$HOME/.cache/apogee/helm/$HELM_VERSION"
helm="$helm_dir/helm"
if [[ ! -x "$helm" ]]; then
  log "building helm $HELM_VERSION (go install, once)"
  mkdir -p "$helm_dir"
  GOBIN="$helm_dir" GOFLAGS=-modcacherw go install "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
fi

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for mode in standalone cluster; do
  values="$chart/ci/$mode-values.yaml"
  log "helm lint --strict ($values)"
  "$helm" lint --strict --kube-version "$KUBE_VERSION" -f "$values" "$chart"
  "$helm" template ci "$chart" --namespace apogee --kube-version "$KUBE_VERSION" \
    -f "$values" >"$out/$mode.yaml"
done
# config.console.enabled=false: no console port or Service (counted by the Go test below).
"$helm" template ci "$chart" --namespace apogee --kube-version "$KUBE_VERSION" \
  -f "$chart/ci/standalone-values.yaml" --set config.console.enabled=false >"$out/console-off.yaml"
# The schema must refuse a misspelt value (additionalProperties false), and for that reason.
if "$helm" template ci "$chart" --kube-version "$KUBE_VERSION" \
  --set config.broker.max_body_sizee=1 >/dev/null 2>"$out/typo.err" ||
  ! grep -q "additional properties 'max_body_sizee' not allowed" "$out/typo.err"; then
  cat "$out/typo.err" >&2
  log "values.schema.json did not refuse config.broker.max_body_sizee"; exit 1
fi

log "strict validation of the rendered manifests (go test in $chart/validate)"
(cd "$chart/validate" && APOGEE_RENDERED="$out" go test -count=1 ./...)
