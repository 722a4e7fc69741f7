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
{{- else if .Values.dapr.pubsub.auth.enabled }}
{{- printf "%s-kafka-bootstrap.kafka.svc:9093" .Values.dapr.pubsub.auth.strimziCluster }}
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

{{/*
A Dapr scope list from an {app: [topics]} map: "app1=t1,t2;app2=" (apps sorted; an empty list
grants nothing, because the app is then listed without topics).
*/}}
{{- define "todo-app.pubsubScopes" -}}
{{- $entries := list }}
{{- range $app, $topics := . }}
{{- $entries = append $entries (printf "%s=%s" $app (join "," $topics)) }}
{{- end }}
{{- join ";" $entries }}
{{- end }}

{{/* Every topic named in the pub/sub scopes, sorted: Dapr's protectedTopics. */}}
{{- define "todo-app.pubsubTopics" -}}
{{- $topics := list }}
{{- range $app, $list := .Values.dapr.pubsub.publishingScopes }}{{ $topics = concat $topics $list }}{{ end }}
{{- range $app, $list := .Values.dapr.pubsub.subscriptionScopes }}{{ $topics = concat $topics $list }}{{ end }}
{{- $topics | uniq | sortAlpha | join "," }}
{{- end }}

{{/*
The database roles to create, as a JSON list of {key, username, database, secret}: a role for each
enabled service with a database, and the state store's when recurring-service (its only user) runs.
*/}}
{{- define "todo-app.databaseRoles" -}}
{{- $roles := list }}
{{- range $app, $svc := .Values.services }}
{{- if and $svc.enabled $svc.database }}
{{- $role := index $.Values.database.roles $app | required (printf "database.roles.%s is required: %s has a database" $app $app) }}
{{- $roles = append $roles (dict "key" $app "username" $role.username "database" $svc.database "secret" $role.secret) }}
{{- end }}
{{- end }}
{{- if (index .Values.services "recurring-service").enabled }}
{{- $state := .Values.database.roles.statestore }}
{{- $roles = append $roles (dict "key" "statestore" "username" $state.username "database" $state.database "secret" $state.secret) }}
{{- end }}
{{- toJson $roles }}
{{- end }}

{{/* The environment variable the in-chart PostgreSQL reads a role's password from. */}}
{{- define "todo-app.databaseRolePasswordEnv" -}}
{{- printf "DB_ROLE_PASSWORD_%s" (. | upper | replace "-" "_") }}
{{- end }}

{{/* Is a database CA configured (database.ca)? */}}
{{- define "todo-app.databaseCa" -}}
{{- if or .Values.database.ca.secretName .Values.database.ca.configMapName }}true{{ end }}
{{- end }}

{{/* The JDBC URL of a service's database (call with the service dict "root"/"app"). */}}
{{- define "todo-app.jdbcUrl" -}}
{{- $root := .root }}
{{- $svc := index $root.Values.services .app }}
{{- $url := printf "jdbc:postgresql://%s:%v/%s?sslmode=%s" (include "todo-app.databaseHost" $root) $root.Values.database.port $svc.database $root.Values.database.sslMode }}
{{- if include "todo-app.databaseCa" $root }}
{{- $url = printf "%s&sslrootcert=/etc/todo/db-ca/%s" $url $root.Values.database.ca.key }}
{{- else if has $root.Values.database.sslMode (list "verify-ca" "verify-full") }}
{{- fail (printf "database.sslMode=%s needs database.ca (the CA of the server certificate)" $root.Values.database.sslMode) }}
{{- end }}
{{- $url }}
{{- end }}

{{/* The db-ca volume source: the CA Secret or ConfigMap of database.ca. */}}
{{- define "todo-app.databaseCaVolume" -}}
- name: db-ca
  {{- if .Values.database.ca.secretName }}
  secret:
    secretName: {{ .Values.database.ca.secretName }}
    items:
      - key: {{ .Values.database.ca.key }}
        path: {{ .Values.database.ca.key }}
  {{- else }}
  configMap:
    name: {{ .Values.database.ca.configMapName }}
    items:
      - key: {{ .Values.database.ca.key }}
        path: {{ .Values.database.ca.key }}
  {{- end }}
{{- end }}
