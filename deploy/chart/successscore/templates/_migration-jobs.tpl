{{- /*
Migrations run once per release and service: a Job running the service's image with the single
argument "migrate", after the first install and before every upgrade. The Deployments start with
CSS_DB_MIGRATIONS=validate and wait until their schema is current.
*/}}
{{- define "successscore.migrationJobs" -}}
{{- range $name, $contract := include "successscore.services" . | fromJson }}
{{- $svc := index $.Values.services $name }}
{{- $ctx := dict "root" $ "name" $name "component" "migration" }}
{{- $server := dict "root" $ "name" $name "component" "server" }}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "successscore.fullname" $ctx }}-migrate
  labels:
    {{- include "successscore.labels" $ctx | nindent 4 }}
  annotations:
    helm.sh/hook: post-install,pre-upgrade
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
    helm.sh/hook-weight: "0"
spec:
  backoffLimit: {{ $.Values.migrations.backoffLimit }}
  activeDeadlineSeconds: {{ $.Values.migrations.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "successscore.labels" $ctx | nindent 8 }}
    spec:
      restartPolicy: Never
      serviceAccountName: {{ include "successscore.fullname" $server }}
      automountServiceAccountToken: false
      enableServiceLinks: false
      {{- with $.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "successscore.podSecurityContext" $ | nindent 8 }}
      containers:
        - name: migrate
          image: {{ include "successscore.image" (dict "root" $ "contract" $contract) }}
          imagePullPolicy: {{ $.Values.image.pullPolicy }}
          args: ["migrate"]
          securityContext:
            {{- include "successscore.containerSecurityContext" $ | nindent 12 }}
          env:
            {{- include "successscore.dbEnv" (dict "root" $ "name" $name "db" $svc.database) | nindent 12 }}
            - name: CSS_DB_POOL_SIZE
              value: "2"
          resources:
            {{- toYaml $.Values.migrations.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir:
            sizeLimit: {{ $.Values.tmpSizeLimit }}
{{- end }}
{{- end }}
