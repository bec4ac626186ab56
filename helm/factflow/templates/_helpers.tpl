{{/*
Shared templates. Per-service templates take a context dict:
  root: the chart's top context ($)
  name: the service's kebab-case name (importer, catalog-mapping, invoicing-state, chorus-dispatch),
        also its key in values.yaml and its binary's suffix (factflow-<name>)
  env:  the service's own environment (a list of EnvVar), beside the common one
Chart-wide objects pass (dict "root" $) without a name.
*/}}

{{- define "factflow.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "factflow.fullname" -}}
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

{{- define "factflow.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* <fullname>-<service>: the Deployment, Service and DNS name of one service. */}}
{{- define "factflow.componentName" -}}
{{- printf "%s-%s" (include "factflow.fullname" .root) .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* host:port of a service's gRPC endpoint, for its callers' FACTFLOW_*_ADDRESS. */}}
{{- define "factflow.address" -}}
{{- printf "%s:%d" (include "factflow.componentName" .) (int .root.Values.grpcPort) }}
{{- end }}

{{- define "factflow.selectorLabels" -}}
app.kubernetes.io/name: {{ include "factflow.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- with .name }}
app.kubernetes.io/component: {{ . }}
{{- end }}
{{- end }}

{{- define "factflow.labels" -}}
helm.sh/chart: {{ include "factflow.chart" .root }}
{{ include "factflow.selectorLabels" . }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: factflow
{{- end }}

{{/* Pod labels: the object's labels plus values.podLabels. */}}
{{- define "factflow.podLabels" -}}
{{ include "factflow.labels" . }}
{{- with .root.Values.podLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "factflow.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "factflow.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "factflow.image" -}}
{{- with .Values.image }}
{{- if .digest }}
{{- printf "%s@%s" .repository .digest }}
{{- else }}
{{- printf "%s:%s" .repository (default $.Chart.AppVersion .tag) }}
{{- end }}
{{- end }}
{{- end }}

{{/* Environment shared by every service, then the service's own, then values.<name>.extraEnv. */}}
{{- define "factflow.env" -}}
{{- $v := .root.Values -}}
- name: FACTFLOW_GRPC_ADDRESS
  value: {{ printf "0.0.0.0:%d" (int $v.grpcPort) | quote }}
{{- if $v.metrics.enabled }}
- name: FACTFLOW_METRICS_ADDRESS
  value: {{ printf "0.0.0.0:%d" (int $v.metrics.port) | quote }}
{{- end }}
- name: FACTFLOW_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ get (default (dict) $v.postgresql.secretNames) .name | default $v.postgresql.existingSecret | required "postgresql.existingSecret is required: a Secret holding one database URL per service (deploy/README.md)" }}
      key: {{ index $v.postgresql.secretKeys .name | required (printf "postgresql.secretKeys.%s is required" .name) }}
- name: FACTFLOW_KAFKA_BOOTSTRAP
  value: {{ required "kafka.bootstrap is required: the external Kafka's bootstrap servers" $v.kafka.bootstrap | quote }}
- name: FACTFLOW_AUTH_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ required "auth.existingSecret is required: a Secret holding the token signing key (deploy/README.md)" $v.auth.existingSecret }}
      key: {{ $v.auth.secretKey }}
- name: FACTFLOW_LOG_FORMAT
  value: json
- name: FACTFLOW_LOG_LEVEL
  value: {{ $v.logLevel | quote }}
- name: FACTFLOW_INSTANCE_ID
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: FACTFLOW_DB_POOL_SIZE
  value: {{ int $v.postgresql.poolSize | quote }}
{{- with .env }}
{{ toYaml . }}
{{- end }}
{{- with (index $v .name).extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* The owner role's URL (FACTFLOW_MIGRATION_DATABASE_URL): migrations only (deploy/README.md). */}}
{{- define "factflow.migrationEnv" -}}
{{- $v := .root.Values -}}
- name: FACTFLOW_MIGRATION_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ get (default (dict) $v.postgresql.migrationSecretNames) .name | default $v.postgresql.existingSecret | required "postgresql.existingSecret is required: a Secret holding the owner role's database URL per service (deploy/README.md)" }}
      key: {{ index $v.postgresql.migrationSecretKeys .name | required (printf "postgresql.migrationSecretKeys.%s is required" .name) }}
{{- end }}

{{/* Pod-level settings shared by the Deployments and the migration Jobs. */}}
{{- define "factflow.podSpec" -}}
{{- $v := .root.Values -}}
automountServiceAccountToken: false
{{- with $v.imagePullSecrets }}
imagePullSecrets: {{- toYaml . | nindent 2 }}
{{- end }}
securityContext: {{- toYaml $v.podSecurityContext | nindent 2 }}
{{- with $v.nodeSelector }}
nodeSelector: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.tolerations }}
tolerations: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $v.affinity }}
affinity: {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/* Image, command and container security context of a service's container. */}}
{{- define "factflow.container" -}}
image: {{ include "factflow.image" .root | quote }}
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
command: [{{ printf "/usr/local/bin/factflow-%s" .name | quote }}]
securityContext: {{- toYaml .root.Values.securityContext | nindent 2 }}
{{- end }}

{{/* Native gRPC probes on the standard health service (overall status, service ""). */}}
{{- define "factflow.probes" -}}
{{- $grpc := dict "grpc" (dict "port" (int .root.Values.grpcPort)) }}
{{- with .root.Values.probes -}}
startupProbe: {{- toYaml (merge (deepCopy $grpc) .startup) | nindent 2 }}
readinessProbe: {{- toYaml (merge (deepCopy $grpc) .readiness) | nindent 2 }}
livenessProbe: {{- toYaml (merge (deepCopy $grpc) .liveness) | nindent 2 }}
{{- end }}
{{- end }}

{{/*
Deployment of one service. Optional context keys: volumes, volumeMounts (lists, added to /tmp's).
*/}}
{{- define "factflow.deployment" -}}
{{- $v := .root.Values }}
{{- if $v.mtls.enabled }}
{{- fail "mtls.enabled: the services do not terminate TLS yet (deploy/README.md); use a service mesh meanwhile" }}
{{- end }}
{{- $svc := index $v .name }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "factflow.componentName" . }}
  labels: {{- include "factflow.labels" . | nindent 4 }}
spec:
  {{- if not $svc.autoscaling.enabled }}
  replicas: {{ $svc.replicas }}
  {{- end }}
  selector:
    matchLabels: {{- include "factflow.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels: {{- include "factflow.podLabels" . | nindent 8 }}
      {{- $annotations := default (dict) $v.podAnnotations }}
      {{- if $v.metrics.enabled }}
      {{- $annotations = merge (dict "prometheus.io/scrape" "true" "prometheus.io/port" (toString (int $v.metrics.port)) "prometheus.io/path" "/metrics") $annotations }}
      {{- end }}
      {{- with $annotations }}
      annotations: {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      serviceAccountName: {{ include "factflow.serviceAccountName" .root }}
      terminationGracePeriodSeconds: {{ $v.terminationGracePeriodSeconds }}
      {{- include "factflow.podSpec" . | nindent 6 }}
      containers:
        - name: {{ .name }}
          {{- include "factflow.container" . | nindent 10 }}
          ports:
            - name: grpc
              containerPort: {{ int $v.grpcPort }}
            {{- if $v.metrics.enabled }}
            - name: metrics
              containerPort: {{ int $v.metrics.port }}
            {{- end }}
          env: {{- include "factflow.env" . | nindent 12 }}
            {{- if not .root.Values.migrations.enabled }}
            {{- include "factflow.migrationEnv" . | nindent 12 }}
            {{- end }}
          {{- include "factflow.probes" . | nindent 10 }}
          resources: {{- toYaml $svc.resources | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- with .volumeMounts }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        {{- with .volumes }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
{{- end }}

{{/* ClusterIP Service on the gRPC port of one service. */}}
{{- define "factflow.service" -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ include "factflow.componentName" . }}
  labels: {{- include "factflow.labels" . | nindent 4 }}
spec:
  selector: {{- include "factflow.selectorLabels" . | nindent 4 }}
  ports:
    - name: grpc
      port: {{ int .root.Values.grpcPort }}
      targetPort: grpc
      appProtocol: grpc
{{- end }}

{{/*
Migrations Job of one service: the same binary and environment with FACTFLOW_MIGRATE_ONLY=true and
the owner role's URL, run before the release's objects on install and upgrade, so a failing
migration stops the upgrade before any pod is replaced. The services run as their application
role and only check at start that the migrations were applied.
*/}}
{{- define "factflow.migrationsJob" -}}
{{- if .root.Values.migrations.enabled }}
{{- $m := .root.Values.migrations }}
---
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "factflow.componentName" . | trunc 52 | trimSuffix "-" }}-migrations
  labels: {{- include "factflow.labels" . | nindent 4 }}
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    helm.sh/hook-weight: "0"
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  backoffLimit: {{ $m.backoffLimit }}
  activeDeadlineSeconds: {{ $m.activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "factflow.podLabels" (dict "root" .root "name" (printf "%s-migrations" .name)) | nindent 8 }}
      {{- with .root.Values.podAnnotations }}
      annotations: {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      restartPolicy: Never
      serviceAccountName: {{ include "factflow.migrationsServiceAccountName" .root }}
      {{- include "factflow.podSpec" . | nindent 6 }}
      containers:
        - name: migrations
          {{- include "factflow.container" . | nindent 10 }}
          env:
            {{- include "factflow.env" . | nindent 12 }}
            {{- include "factflow.migrationEnv" . | nindent 12 }}
            - name: FACTFLOW_MIGRATE_ONLY
              value: "true"
          resources: {{- toYaml $m.resources | nindent 12 }}
{{- end }}
{{- end }}

{{/*
The hook Jobs run before the release's ServiceAccount exists, so they get their own, created as a
hook too (deleted once they succeed) — or the existing one named by serviceAccount.name.
*/}}
{{- define "factflow.migrationsServiceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- printf "%s-migrations" (include "factflow.fullname" . | trunc 52 | trimSuffix "-") }}
{{- else }}
{{- include "factflow.serviceAccountName" . }}
{{- end }}
{{- end }}
