{{/*
JWT validation settings every service reads (docs/CONVENTIONS.md). With a JWKS URI the issuer and audience
are required: an identity provider signs tokens for all its applications with the same keys, so without
them a token issued for any other application would be accepted. Empty issuer/audience = not checked
(HS256 with the frontend's own secret).
*/}}
{{- define "todo-app.jwtEnv" -}}
{{- $a := .Values.auth }}
{{- if and $a.jwksUri (or (not $a.issuer) (not $a.audience)) }}
{{- fail "auth.jwksUri is set, so auth.issuer and auth.audience are required (AUTH_JWT_ISSUER, AUTH_JWT_AUDIENCE): without them a token the identity provider issued for any other application would be accepted" }}
{{- end }}
- name: AUTH_JWT_ISSUER
  value: {{ $a.issuer | default "" | quote }}
- name: AUTH_JWT_AUDIENCE
  value: {{ $a.audience | default "" | quote }}
- name: AUTH_JWT_CLOCK_SKEW
  value: {{ $a.clockSkew | quote }}
{{- end }}
