{{/*
Dapr app tokens, one pair per app (issue 11): a service that holds only its own tokens cannot call another
service's Dapr-called routes (/internal, /job, /events) directly, nor another app's sidecar API.
  <app>-<secrets.names.appApiTokenSuffix>   key token: daprd -> app (dapr.io/app-token-secret, APP_API_TOKEN)
  <app>-<secrets.names.daprApiTokenSuffix>  key token: app -> daprd (dapr.io/api-token-secret, DAPR_API_TOKEN)
Both annotations and their key "token" are Dapr's contract (docs.dapr.io operations/security/app-api-token
and api-token).
*/}}
{{- define "todo-app.appApiTokenSecret" -}}
{{- printf "%s-%s" .app .root.Values.secrets.names.appApiTokenSuffix }}
{{- end }}

{{- define "todo-app.daprApiTokenSecret" -}}
{{- printf "%s-%s" .app .root.Values.secrets.names.daprApiTokenSuffix }}
{{- end }}
