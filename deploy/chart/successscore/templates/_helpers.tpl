{{/*
The services' runtime contract: main class, image, ports and the environment variables that carry
them, and whom each service calls. It is fixed by the services, not configurable. probePort is the
plaintext port a service serves grpc.health.v1.Health on when its gRPC port speaks TLS, for the
kubelet's native gRPC probes (which cannot speak TLS); without TLS there is none.
*/}}
{{- define "successscore.contract" -}}
score-service:
  image: successscore-score-service
  grpcPort: 7100
  metricsPort: 9100
  portEnv: CSS_SCORE_PORT
  metricsPortEnv: CSS_SCORE_METRICS_PORT
  probePort: 9200
  probePortEnv: CSS_SCORE_PROBE_PORT
  calls: [usage-service, expertise-service, health-service]
usage-service:
  image: successscore-usage-service
  grpcPort: 7101
  metricsPort: 9101
  portEnv: CSS_USAGE_PORT
  metricsPortEnv: CSS_USAGE_METRICS_PORT
  probePort: 9201
  probePortEnv: CSS_USAGE_PROBE_PORT
  calls: []
expertise-service:
  image: successscore-expertise-service
  grpcPort: 7102
  metricsPort: 9102
  portEnv: CSS_EXPERTISE_PORT
  metricsPortEnv: CSS_EXPERTISE_METRICS_PORT
  probePort: 9202
  probePortEnv: CSS_EXPERTISE_PROBE_PORT
  calls: [usage-service]
health-service:
  image: successscore-health-service
  grpcPort: 7103
  metricsPort: 9103
  portEnv: CSS_HEALTH_PORT
  metricsPortEnv: CSS_HEALTH_METRICS_PORT
  probePort: 9203
  probePortEnv: CSS_HEALTH_PROBE_PORT
  calls: []
{{- end }}

{{- define "successscore.services" -}}
{{- include "successscore.contract" . | fromYaml | toJson -}}
{{- end }}

{{/* <release>-<service>: the name of a service's Deployment, Service, ServiceAccount and the like. */}}
{{- define "successscore.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* Labels of every object; dict "root" $ "name" <app name> "component" <component>. */}}
{{- define "successscore.labels" -}}
{{ include "successscore.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: successscore
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end }}

{{- define "successscore.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/* Selects every pod of the release: services and migration Jobs (never the database's pods). */}}
{{- define "successscore.releasePods" -}}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: successscore
{{- end }}

{{- define "successscore.image" -}}
{{- $tag := .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s/%s/%s:%s" .root.Values.image.registry .root.Values.image.repository .contract.image $tag -}}
{{- end }}

{{- define "successscore.metricsPort" -}}
{{- .root.Values.metrics.port | default .contract.metricsPort -}}
{{- end }}

{{/* The port the kubelet's gRPC probes call: the plaintext probe port with TLS, the gRPC port without. */}}
{{- define "successscore.healthPort" -}}
{{- if .root.Values.tls.enabled -}}{{ .contract.probePort }}{{- else -}}{{ .contract.grpcPort }}{{- end -}}
{{- end }}

{{/* The TLS Secret of a service: its own tlsSecretName, else tls.secretName; dict "root" $ "name" <service>. */}}
{{- define "successscore.tlsSecret" -}}
{{- $own := (index .root.Values.services .name).tlsSecretName -}}
{{- $own | default .root.Values.tls.secretName | required (printf "tls.secretName or services.%s.tlsSecretName is required when tls.enabled" .name) -}}
{{- end }}

{{/* In-cluster DNS name of a service's headless Service: the host its callers name, which its certificate must carry. */}}
{{- define "successscore.host" -}}
{{- printf "%s.%s.svc.%s" (include "successscore.fullname" .) .root.Release.Namespace .root.Values.clusterDomain -}}
{{- end }}

{{- define "successscore.postgresCluster" -}}
{{- printf "%s-postgres" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* Host of a service's database. */}}
{{- define "successscore.dbHost" -}}
{{- if eq .root.Values.postgresql.mode "cnpg" -}}
{{- printf "%s-rw.%s.svc.%s" (include "successscore.postgresCluster" .root) .root.Release.Namespace .root.Values.clusterDomain -}}
{{- else -}}
{{- .db.host | default .root.Values.postgresql.external.host | required (printf "postgresql.external.host or services.%s.database.host is required" .name) -}}
{{- end -}}
{{- end }}

{{- define "successscore.dbPort" -}}
{{- if eq .root.Values.postgresql.mode "cnpg" -}}5432{{- else -}}{{- .db.port | default .root.Values.postgresql.external.port -}}{{- end -}}
{{- end }}

{{/* The Secret and keys a service's CSS_DB_URL, CSS_DB_USER and CSS_DB_PASSWORD come from. */}}
{{- define "successscore.dbEnv" -}}
{{- $own := printf "%s-db" (include "successscore.fullname" .) -}}
{{- $cnpg := eq .root.Values.postgresql.mode "cnpg" -}}
{{- $existing := and (not $cnpg) .db.existingSecret -}}
- name: CSS_DB_URL
  valueFrom:
    secretKeyRef:
      name: {{ ternary .db.existingSecret $own (not (empty $existing)) }}
      key: {{ ternary .db.existingSecretKeys.url "url" (not (empty $existing)) }}
- name: CSS_DB_USER
  valueFrom:
    secretKeyRef:
      {{- if $cnpg }}
      name: {{ include "successscore.postgresCluster" .root }}-app
      key: username
      {{- else if $existing }}
      name: {{ .db.existingSecret }}
      key: {{ .db.existingSecretKeys.user }}
      {{- else }}
      name: {{ $own }}
      key: user
      {{- end }}
- name: CSS_DB_PASSWORD
  valueFrom:
    secretKeyRef:
      {{- if $cnpg }}
      name: {{ include "successscore.postgresCluster" .root }}-app
      key: password
      {{- else if $existing }}
      name: {{ .db.existingSecret }}
      key: {{ .db.existingSecretKeys.password }}
      {{- else }}
      name: {{ $own }}
      key: password
      {{- end }}
{{- end }}

{{- define "successscore.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
fsGroup: {{ .Values.securityContext.fsGroup }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "successscore.containerSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .Values.securityContext.runAsUser }}
runAsGroup: {{ .Values.securityContext.runAsGroup }}
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
privileged: false
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end }}
