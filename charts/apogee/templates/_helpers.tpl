{{/* Chart name, truncated to 63 characters (a DNS label). */}}
{{- define "apogee.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name. If the release name already contains the chart name it is used as is.
*/}}
{{- define "apogee.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "apogee.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "apogee.labels" -}}
helm.sh/chart: {{ include "apogee.chart" . }}
{{ include "apogee.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/component: standalone
{{- end }}

{{- define "apogee.selectorLabels" -}}
app.kubernetes.io/name: {{ include "apogee.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Headless Service that governs the StatefulSet's pod DNS names. */}}
{{- define "apogee.headlessName" -}}
{{- printf "%s-headless" (include "apogee.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "apogee.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The gRPC port the server listens on (fixed: probes and the Service target it by name). */}}
{{- define "apogee.grpcPort" -}}8081{{- end }}

{{/* The RocksDB data directory, on the data volume. */}}
{{- define "apogee.dataDir" -}}
{{- printf "%s/data" (.Values.persistence.mountPath | trimSuffix "/") }}
{{- end }}

{{/* Address clients and the nameserver are told: the Service's cluster DNS name. */}}
{{- define "apogee.serviceAddress" -}}
{{- printf "%s.%s.svc.%s:%d" (include "apogee.fullname" .) .Release.Namespace .Values.clusterDomain (int .Values.service.port) }}
{{- end }}

{{/*
One TOML value: strings as JSON-escaped basic strings (valid TOML), booleans and integers bare.
YAML numbers arrive as float64; the schema allows integers only, so they print without a fraction.
*/}}
{{- define "apogee.tomlValue" -}}
{{- $v := .value -}}
{{- if kindIs "string" $v -}}
{{- toJson $v -}}
{{- else if kindIs "bool" $v -}}
{{- ternary "true" "false" $v -}}
{{- else if or (kindIs "float64" $v) (kindIs "float32" $v) -}}
{{- if ne (float64 (int64 $v)) (float64 $v) -}}
{{- fail (printf "config.%s must be an integer, got %v" .key $v) -}}
{{- end -}}
{{- int64 $v -}}
{{- else if or (kindIs "int" $v) (kindIs "int64" $v) (kindIs "int32" $v) (kindIs "uint64" $v) -}}
{{- $v -}}
{{- else -}}
{{- fail (printf "config.%s: cannot write a %s as a TOML value" .key (kindOf $v)) -}}
{{- end -}}
{{- end }}

{{/*
The whole apogee.toml: .Values.config plus the keys the chart owns (server.listen,
store.data_dir, and server.advertise when left empty). Sections and keys come out sorted.
*/}}
{{- define "apogee.toml" -}}
{{- $config := deepCopy (default (dict) .Values.config) -}}
{{- $server := default (dict) (get $config "server") -}}
{{- $_ := set $server "listen" (printf "0.0.0.0:%s" (include "apogee.grpcPort" .)) -}}
{{- if not (get $server "advertise") -}}
{{- $_ := set $server "advertise" (include "apogee.serviceAddress" .) -}}
{{- end -}}
{{- $_ := set $config "server" $server -}}
{{- $store := default (dict) (get $config "store") -}}
{{- $_ := set $store "data_dir" (include "apogee.dataDir" .) -}}
{{- $_ := set $config "store" $store -}}
# Rendered by the apogee Helm chart from .Values.config; see values.yaml.
{{- range $section, $keys := $config }}
{{- if not (kindIs "map" $keys) }}
{{- fail (printf "config.%s must be a map of keys" $section) }}
{{- end }}

[{{ $section }}]
{{- range $key, $value := $keys }}
{{- if not (kindIs "invalid" $value) }}
{{ $key }} = {{ include "apogee.tomlValue" (dict "key" (printf "%s.%s" $section $key) "value" $value) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
