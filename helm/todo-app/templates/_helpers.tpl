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

{{/* The in-chart Kafka: StatefulSet and ClusterIP Service name, and its bootstrap address. */}}
{{- define "todo-app.kafkaName" -}}
{{- printf "%s-kafka" (include "todo-app.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "todo-app.kafkaBootstrap" -}}
{{- printf "%s.%s.svc:9092" (include "todo-app.kafkaName" .) .Release.Namespace }}
{{- end }}

{{/*
The pub/sub component's brokers: dapr.pubsub.brokers when set, else the in-chart Kafka when
kafka.enabled, else the Strimzi cluster of kafka/ (todo-kafka in namespace kafka, plain listener 9092).
*/}}
{{- define "todo-app.kafkaBrokers" -}}
{{- if .Values.dapr.pubsub.brokers }}
{{- .Values.dapr.pubsub.brokers }}
{{- else if .Values.kafka.enabled }}
{{- include "todo-app.kafkaBootstrap" . }}
{{- else }}
{{- "todo-kafka-kafka-bootstrap.kafka.svc:9092" }}
{{- end }}
{{- end }}

{{/*
The public paths of the enabled services as a JSON list of {app, port, type, value}, regular
expressions first, then prefixes from the longest: the order the HTTPRoute and the Ingress list them
in (Gateway API gives the first matching rule precedence on a tie; Traefik also ranks longer rules first).
*/}}
{{- define "todo-app.publicPaths" -}}
{{- $regex := list }}
{{- $prefix := dict }}
{{- range $app, $svc := .Values.services }}
{{- if $svc.enabled }}
{{- range $svc.publicPaths }}
{{- $entry := dict "app" $app "port" $svc.port "type" .type "value" .value }}
{{- if eq .type "RegularExpression" }}
{{- $regex = append $regex $entry }}
{{- else }}
{{- /* sort key: longer prefixes first (zero-padded inverse length), then by value */}}
{{- $key := printf "%04d|%s|%s" (sub 1024 (len .value)) .value $app }}
{{- $_ := set $prefix $key $entry }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- $all := $regex }}
{{- range $key := keys $prefix | sortAlpha }}
{{- $all = append $all (index $prefix $key) }}
{{- end }}
{{- toJson $all }}
{{- end }}

{{/* The restricted pod security context (non-root, RuntimeDefault seccomp) with the chart's ids. */}}
{{- define "todo-app.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}
