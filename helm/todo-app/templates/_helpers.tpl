{{/*
Names and labels, in the shape `helm create` gives them.
*/}}
{{- define "todo-app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "todo-app.fullname" -}}
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

{{- define "todo-app.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "todo-app.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo-app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "todo-app.labels" -}}
helm.sh/chart: {{ include "todo-app.chart" . }}
{{ include "todo-app.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: todo-platform
{{- end }}

{{/*
Per-service names and labels. Call with (dict "root" $ "app" "todo-api").
*/}}
{{- define "todo-app.serviceName" -}}
{{- printf "%s-%s" (include "todo-app.fullname" .root) .app | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "todo-app.serviceSelectorLabels" -}}
{{ include "todo-app.selectorLabels" .root }}
app.kubernetes.io/component: {{ .app }}
{{- end }}

{{- define "todo-app.serviceLabels" -}}
{{ include "todo-app.labels" .root }}
app.kubernetes.io/component: {{ .app }}
{{- end }}

{{/*
The image of one service: <registry>/<app>@<digest> when a digest is set, else <registry>/<app>:<tag>
with the tag defaulting to the chart's appVersion. Never a floating tag.
*/}}
{{- define "todo-app.image" -}}
{{- $svc := index .root.Values.services .app }}
{{- $repo := printf "%s/%s" (trimSuffix "/" .root.Values.image.registry) .app }}
{{- if $svc.digest }}
{{- printf "%s@%s" $repo $svc.digest }}
{{- else }}
{{- printf "%s:%s" $repo (default .root.Chart.AppVersion .root.Values.image.tag | toString) }}
{{- end }}
{{- end }}

{{/* Replicas a service runs at least: HPA minimum when autoscaled. */}}
{{- define "todo-app.minReplicas" -}}
{{- $svc := index .root.Values.services .app }}
{{- if $svc.autoscaling.enabled }}{{ $svc.autoscaling.minReplicas }}{{ else }}{{ $svc.replicas }}{{ end }}
{{- end }}

{{- define "todo-app.databaseHost" -}}
{{- if .Values.database.host }}
{{- .Values.database.host }}
{{- else if .Values.postgresql.enabled }}
{{- printf "%s-postgresql" (include "todo-app.fullname" .) }}
{{- else }}
{{- fail "database.host is required when postgresql.enabled is false" }}
{{- end }}
{{- end }}

{{/* Does daprd in this app's pods use the Kubernetes secret store (and so need an SA token)? */}}
{{- define "todo-app.usesSecretStore" -}}
{{- if and .root.Values.dapr.secretStore.enabled (has .app .root.Values.dapr.secretStore.scopes) }}true{{ end }}
{{- end }}

{{/* The Dapr app ids of the enabled services, for component scopes. */}}
{{- define "todo-app.appIds" -}}
{{- $ids := list }}
{{- range $app, $svc := .Values.services }}
{{- if $svc.enabled }}{{ $ids = append $ids $app }}{{ end }}
{{- end }}
{{- toJson $ids }}
{{- end }}

{{/* The restricted container security context every container of the chart runs with. */}}
{{- define "todo-app.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}
