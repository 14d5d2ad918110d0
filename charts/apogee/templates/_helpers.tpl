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

{{/* Labels of every object of the release; the component is added per object. */}}
{{- define "apogee.labels" -}}
helm.sh/chart: {{ include "apogee.chart" . }}
{{ include "apogee.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "apogee.selectorLabels" -}}
app.kubernetes.io/name: {{ include "apogee.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Selector labels of one role: (dict "root" $ "component" "proxy"). */}}
{{- define "apogee.componentSelector" -}}
{{ include "apogee.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "apogee.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Ports the chart fixes (probes and Services use them); the config keys are chart-owned. */}}
{{- define "apogee.grpcPort" -}}8081{{- end }}
{{- define "apogee.nameserverPort" -}}9876{{- end }}
{{- define "apogee.metricsPort" -}}9464{{- end }}
{{- define "apogee.consolePort" -}}8080{{- end }}

{{/* "true" when the standalone pod or the proxies serve the web console (config.console.enabled, default on). */}}
{{- define "apogee.consoleEnabled" -}}
{{- if dig "console" "enabled" true .Values.config }}true{{ end -}}
{{- end }}

{{/* The RocksDB data directory, on the data volume. */}}
{{- define "apogee.dataDir" -}}
{{- printf "%s/data" (.Values.persistence.mountPath | trimSuffix "/") }}
{{- end }}

{{- define "apogee.nameserverName" -}}{{ include "apogee.fullname" . }}-nameserver{{- end }}
{{- define "apogee.brokerHeadless" -}}{{ include "apogee.fullname" . }}-broker{{- end }}
{{- define "apogee.proxyName" -}}{{ include "apogee.fullname" . }}-proxy{{- end }}

{{/* Address clients are told by default: the client Service's cluster DNS name. */}}
{{- define "apogee.serviceAddress" -}}
{{- printf "%s.%s.svc.%s:%d" (include "apogee.fullname" .) .Release.Namespace .Values.clusterDomain (int .Values.service.port) }}
{{- end }}

{{/* Every nameserver pod by its stable DNS name (brokers register with each one). */}}
{{- define "apogee.nameserverAddresses" -}}
{{- $list := list -}}
{{- range $i := until (int .Values.nameserver.replicas) -}}
{{- $list = append $list (printf "%s-%d.%s.%s.svc.%s:%s" (include "apogee.nameserverName" $) $i (include "apogee.nameserverName" $) $.Release.Namespace $.Values.clusterDomain (include "apogee.nameserverPort" $)) -}}
{{- end -}}
{{- toJson $list -}}
{{- end }}

{{/*
One TOML value: strings as JSON-escaped basic strings (valid TOML), booleans and integers bare,
lists as inline arrays. YAML numbers arrive as float64; the schema allows integers only, so they
print without a fraction.
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
{{- else if kindIs "slice" $v -}}
{{- $key := .key -}}
[{{- range $i, $item := $v }}{{ if $i }}, {{ end }}{{ include "apogee.tomlValue" (dict "key" $key "value" $item) }}{{ end -}}]
{{- else -}}
{{- fail (printf "config.%s: cannot write a %s as a TOML value" .key (kindOf $v)) -}}
{{- end -}}
{{- end }}

{{/*
The apogee.toml of one role: (dict "root" $ "set" OVERRIDES), where OVERRIDES maps section to
key to value and wins over .Values.config (the chart-owned keys). Sections and keys come out
sorted; null values are left out.
*/}}
{{- define "apogee.toml" -}}
{{- $config := deepCopy (default (dict) .root.Values.config) -}}
{{- range $section, $keys := .set -}}
{{- $merged := default (dict) (get $config $section) -}}
{{- range $key, $value := $keys -}}
{{- $_ := set $merged $key $value -}}
{{- end -}}
{{- $_ := set $config $section $merged -}}
{{- end -}}
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

{{/* Keys every role's file gets from the chart. */}}
{{- define "apogee.commonOverrides" -}}
{{- $advertise := dig "server" "advertise" "" .Values.config | default (include "apogee.serviceAddress" .) -}}
{{- toJson (dict
  "server" (dict "listen" (printf "0.0.0.0:%s" (include "apogee.grpcPort" .)) "advertise" $advertise)
  "store" (dict "data_dir" (include "apogee.dataDir" .))
  "nameserver" (dict "listen" (printf "0.0.0.0:%s" (include "apogee.nameserverPort" .)))
  "telemetry" (dict "metrics_listen" (printf "0.0.0.0:%s" (include "apogee.metricsPort" .)))
  "console" (dict "listen" (printf "0.0.0.0:%s" (include "apogee.consolePort" .)))) -}}
{{- end }}

{{/*
The config file of one role: (dict "root" $ "role" "standalone|nameserver|broker|proxy").
Brokers and proxies get every nameserver's address.
*/}}
{{- define "apogee.roleToml" -}}
{{- $set := include "apogee.commonOverrides" .root | fromJson -}}
{{- if has .role (list "broker" "proxy") -}}
{{- $_ := set $set "cluster" (dict "nameservers" (include "apogee.nameserverAddresses" .root | fromJsonArray)) -}}
{{- end -}}
{{- /* Brokers and nameservers never serve the console; say so in their file. */ -}}
{{- if has .role (list "broker" "nameserver") -}}
{{- $_ := set $set.console "enabled" false -}}
{{- end -}}
{{- /* Proxies and slaves reach brokers in plaintext: a broker never enforces TLS. */ -}}
{{- if and (eq .role "broker") (include "apogee.tlsEnforced" .root) -}}
{{- $_ := set $set.server "tls_mode" "permissive" -}}
{{- end -}}
{{- include "apogee.toml" (dict "root" .root "set" $set) -}}
{{- end }}

{{/* A gRPC probe on PORT, or a TCP one when the port enforces TLS: (dict "p" PROBE "port" N "tls" BOOL). */}}
{{- define "apogee.probe" -}}
{{- if .tls }}
tcpSocket:
  port: {{ .port }}
{{- else }}
grpc:
  port: {{ .port }}
{{- end }}
initialDelaySeconds: {{ .p.initialDelaySeconds }}
periodSeconds: {{ .p.periodSeconds }}
timeoutSeconds: {{ .p.timeoutSeconds }}
failureThreshold: {{ .p.failureThreshold }}
{{- end }}

{{/* The container's probes: (dict "root" $ "port" N "tls" BOOL). */}}
{{- define "apogee.probes" -}}
{{- $probes := .root.Values.probes -}}
{{- if $probes.startup.enabled }}
startupProbe:
  {{- include "apogee.probe" (dict "p" $probes.startup "port" .port "tls" .tls) | trim | nindent 2 }}
{{- end }}
{{- if $probes.readiness.enabled }}
readinessProbe:
  {{- include "apogee.probe" (dict "p" $probes.readiness "port" .port "tls" .tls) | trim | nindent 2 }}
{{- end }}
{{- if $probes.liveness.enabled }}
livenessProbe:
  {{- include "apogee.probe" (dict "p" $probes.liveness "port" .port "tls" .tls) | trim | nindent 2 }}
{{- end }}
{{- end }}

{{/* The client port enforces TLS, so the kubelet's plaintext gRPC probe cannot reach it. */}}
{{- define "apogee.tlsEnforced" -}}
{{- if eq (toString (dig "server" "tls_mode" "" .Values.config)) "enforcing" }}true{{ end -}}
{{- end }}

{{/* Pod-level settings shared by every role (indented by the caller). */}}
{{- define "apogee.podSpecCommon" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
{{- with .Values.podSecurityContext }}
securityContext:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .Values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Container ports: (dict "root" $ "port" N "console" BOOL); console only for standalone and proxies. */}}
{{- define "apogee.ports" -}}
- name: grpc
  containerPort: {{ .port }}
  protocol: TCP
- name: metrics
  containerPort: {{ include "apogee.metricsPort" .root }}
  protocol: TCP
{{- if .console }}
- name: console
  containerPort: {{ include "apogee.consolePort" .root }}
  protocol: TCP
{{- end }}
{{- end }}

{{/* A PodDisruptionBudget: (dict "root" $ "name" N "component" C "pdb" VALUES "labels" EXTRA). */}}
{{- define "apogee.pdb" -}}
{{- if .pdb.enabled }}
{{- if and (not (kindIs "invalid" .pdb.minAvailable)) (not (kindIs "invalid" .pdb.maxUnavailable)) }}
{{- fail (printf "%s.podDisruptionBudget: set minAvailable or maxUnavailable, not both" .component) }}
{{- end }}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ .name }}
  namespace: {{ .root.Release.Namespace }}
  labels:
    {{- include "apogee.labels" .root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
spec:
  {{- if not (kindIs "invalid" .pdb.minAvailable) }}
  minAvailable: {{ .pdb.minAvailable }}
  {{- else }}
  maxUnavailable: {{ .pdb.maxUnavailable }}
  {{- end }}
  selector:
    matchLabels:
      {{- include "apogee.componentSelector" (dict "root" .root "component" .component) | nindent 6 }}
      {{- with .labels }}
      {{- toYaml . | nindent 6 }}
      {{- end }}
{{- end }}
{{- end }}

{{/* The data claim template of a StatefulSet: (dict "root" $ "component" C). */}}
{{- define "apogee.volumeClaim" -}}
{{- $p := .root.Values.persistence -}}
- metadata:
    name: data
    labels:
      {{- include "apogee.componentSelector" (dict "root" .root "component" .component) | nindent 6 }}
    {{- with $p.annotations }}
    annotations:
      {{- toYaml . | nindent 6 }}
    {{- end }}
  spec:
    accessModes:
      {{- toYaml $p.accessModes | nindent 6 }}
    {{- with $p.storageClass }}
    storageClassName: {{ if eq . "-" }}""{{ else }}{{ . | quote }}{{ end }}
    {{- end }}
    resources:
      requests:
        storage: {{ $p.size | quote }}
{{- end }}
