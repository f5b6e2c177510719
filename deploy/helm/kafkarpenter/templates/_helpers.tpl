{{/*
The chart's name.
*/}}
{{- define "kafkarpenter.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified name: objects of service S are named <fullname>-S. With the release named kafkarpenter (the
documented one) the fullname is kafkarpenter.
*/}}
{{- define "kafkarpenter.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Chart name and version for the helm.sh/chart label.
*/}}
{{- define "kafkarpenter.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The five services. name: object and image suffix; key: its values section; env: prefix of its own settings
(@ConfigMapping kk.<name>); lease: the Lease it elects a leader with ("" = no leader election); leaseEnv: prefix of
that leader election's settings (<leaseEnv>_LEADER_ELECTION_LEASE_NAMESPACE). The pod-watcher, consolidator and
tag-reconciler are active on the Lease holder only; every launcher replica launches and terminates, and only the
holder of kk-launcher-interruption reads the interruption queue (settings.interruptionQueue).
*/}}
{{- define "kafkarpenter.services" -}}
services:
  - name: pod-watcher
    key: podWatcher
    env: KK_POD_WATCHER
    lease: kk-pod-watcher
    leaseEnv: KK_POD_WATCHER
  - name: provisioner
    key: provisioner
    env: KK_PROVISIONER
    lease: ""
    leaseEnv: ""
  - name: launcher
    key: launcher
    env: KK_LAUNCHER
    lease: kk-launcher-interruption
    leaseEnv: KK_LAUNCHER_INTERRUPTION
  - name: consolidator
    key: consolidator
    env: KK_CONSOLIDATOR
    lease: kk-consolidator
    leaseEnv: KK_CONSOLIDATOR
  - name: tag-reconciler
    key: tagReconciler
    env: KK_TAG_RECONCILER
    lease: kk-tag-reconciler
    leaseEnv: KK_TAG_RECONCILER
{{- end }}

{{/*
The services as a list of dicts: range (include "kafkarpenter.serviceList" .) is not possible, so templates use
  {{- range (include "kafkarpenter.services" . | fromYaml).services }}
*/}}

{{/*
Selector labels of one service; call with (dict "root" $ "svc" $svc).
*/}}
{{- define "kafkarpenter.selectorLabels" -}}
app.kubernetes.io/name: {{ include "kafkarpenter.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .svc.name }}
{{- end }}

{{/*
Labels of one service's objects; call with (dict "root" $ "svc" $svc).
*/}}
{{- define "kafkarpenter.labels" -}}
helm.sh/chart: {{ include "kafkarpenter.chart" .root }}
{{ include "kafkarpenter.selectorLabels" . }}
{{- if .root.Chart.AppVersion }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- with .root.Values.additionalLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Labels of the chart's objects that belong to no one service (topics); call with the root context.
*/}}
{{- define "kafkarpenter.commonLabels" -}}
helm.sh/chart: {{ include "kafkarpenter.chart" . }}
app.kubernetes.io/name: {{ include "kafkarpenter.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- with .Values.additionalLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
metadata.annotations from additionalAnnotations (nothing when empty); call with the root context.
*/}}
{{- define "kafkarpenter.annotations" -}}
{{- with .Values.additionalAnnotations }}
annotations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}

{{/*
Name of one service's objects (Deployment, ServiceAccount, roles, bindings, PDB, Service): <fullname>-<service>.
*/}}
{{- define "kafkarpenter.serviceFullname" -}}
{{ include "kafkarpenter.fullname" .root }}-{{ .svc.name }}
{{- end }}

{{/*
The image of one service: [<registry>/]<repository>/<service>:<tag or appVersion>.
*/}}
{{- define "kafkarpenter.image" -}}
{{- $img := .root.Values.image }}
{{- $repo := printf "%s/%s" $img.repository .svc.name }}
{{- with $img.registry }}
{{- $repo = printf "%s/%s" (trimSuffix "/" .) $repo }}
{{- end }}
{{- printf "%s:%s" $repo (default .root.Chart.AppVersion $img.tag) }}
{{- end }}

{{/*
Adds a labelSelector with the service's pod labels to a term that has none (Helm dicts are mutable).
Call with (dict "root" $ "svc" $svc "_target" $term).
*/}}
{{- define "kafkarpenter.patchLabelSelector" -}}
{{- if not (hasKey ._target "labelSelector") }}
{{- $labels := include "kafkarpenter.selectorLabels" . | fromYaml }}
{{- $_ := set ._target "labelSelector" (dict "matchLabels" $labels) }}
{{- end }}
{{- end }}

{{/*
The affinity of one service's pods: .Values.affinity with the service's labels in pod (anti-)affinity terms that
have no labelSelector. Call with (dict "root" $ "svc" $svc); prints YAML.
*/}}
{{- define "kafkarpenter.affinity" -}}
{{- $affinity := deepCopy (default dict .root.Values.affinity) }}
{{- range $kind := list "podAffinity" "podAntiAffinity" }}
{{- with (get $affinity $kind) }}
{{- range (default list .requiredDuringSchedulingIgnoredDuringExecution) }}
{{- include "kafkarpenter.patchLabelSelector" (dict "root" $.root "svc" $.svc "_target" .) }}
{{- end }}
{{- range (default list .preferredDuringSchedulingIgnoredDuringExecution) }}
{{- include "kafkarpenter.patchLabelSelector" (dict "root" $.root "svc" $.svc "_target" .podAffinityTerm) }}
{{- end }}
{{- end }}
{{- end }}
{{- toYaml $affinity }}
{{- end }}

{{/*
The topology spread constraints of one service's pods, each with the service's labels when it has no labelSelector.
Call with (dict "root" $ "svc" $svc); prints YAML.
*/}}
{{- define "kafkarpenter.topologySpreadConstraints" -}}
{{- $constraints := deepCopy (default list .root.Values.topologySpreadConstraints) }}
{{- range $constraints }}
{{- include "kafkarpenter.patchLabelSelector" (dict "root" $.root "svc" $.svc "_target" .) }}
{{- end }}
{{- toYaml $constraints }}
{{- end }}

{{/*
Kafka client settings (Quarkus maps KAFKA_* environment variables to kafka.*, the default of every channel):
security protocol, SASL and TLS by kafka.security.type. Call with (dict "root" $ "svc" $svc) for a service, or
(dict "root" $) for the topics Job; prints env list items. With sasl-scram and no kafka.security.scram.secretName a
service logs in as its own user <fullname>-<service> (its KafkaUser) with the password from Secret
<fullname>-<service> (what Strimzi's User Operator writes); the topics Job has no user of its own and needs the
Secret.
*/}}
{{- define "kafkarpenter.kafkaEnv" -}}
{{- $root := .root }}
{{- $sec := $root.Values.kafka.security }}
{{- $tls := $sec.tls }}
{{- if not (has $sec.type (list "plaintext" "tls" "sasl-scram" "msk-iam")) }}
{{- fail (printf "kafka.security.type must be plaintext, tls, sasl-scram or msk-iam, not %q" $sec.type) }}
{{- end }}
{{- if eq $sec.type "tls" }}
- name: KAFKA_SECURITY_PROTOCOL
  value: SSL
{{- else if eq $sec.type "sasl-scram" }}
{{- if and (not $sec.scram.secretName) (not .svc) }}
{{- fail "kafka.topics.create=job with kafka.security.type=sasl-scram needs kafka.security.scram.secretName (a user allowed to create topics: the services' own users are not)" }}
{{- end }}
- name: KAFKA_SECURITY_PROTOCOL
  value: {{ ternary "SASL_SSL" "SASL_PLAINTEXT" $sec.scram.tls }}
- name: KAFKA_SASL_MECHANISM
  value: {{ $sec.scram.mechanism | quote }}
{{- if $sec.scram.secretName }}
- name: SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ $sec.scram.secretName }}
      key: {{ $sec.scram.usernameKey }}
- name: SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $sec.scram.secretName }}
      key: {{ $sec.scram.passwordKey }}
{{- else }}
{{- $user := include "kafkarpenter.serviceFullname" . }}
- name: SASL_USERNAME
  value: {{ $user | quote }}
- name: SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $user }}
      key: {{ $sec.scram.passwordKey }}
{{- end }}
- name: KAFKA_SASL_JAAS_CONFIG
  value: 'org.apache.kafka.common.security.scram.ScramLoginModule required username="$(SASL_USERNAME)" password="$(SASL_PASSWORD)";'
{{- else if eq $sec.type "msk-iam" }}
- name: KAFKA_SECURITY_PROTOCOL
  value: SASL_SSL
- name: KAFKA_SASL_MECHANISM
  value: AWS_MSK_IAM
- name: KAFKA_SASL_JAAS_CONFIG
  value: "software.amazon.msk.auth.iam.IAMLoginModule required;"
- name: KAFKA_SASL_CLIENT_CALLBACK_HANDLER_CLASS
  value: software.amazon.msk.auth.iam.IAMClientCallbackHandler
{{- end }}
{{- if and (has $sec.type (list "tls" "sasl-scram")) $tls.secretName }}
{{- if $tls.truststoreKey }}
- name: KAFKA_SSL_TRUSTSTORE_LOCATION
  value: /etc/kafkarpenter/kafka-tls/{{ $tls.truststoreKey }}
- name: KAFKA_SSL_TRUSTSTORE_TYPE
  value: {{ $tls.truststoreType | quote }}
{{- with $tls.truststorePasswordKey }}
- name: KAFKA_SSL_TRUSTSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $tls.secretName }}
      key: {{ . }}
{{- end }}
{{- end }}
{{- if $tls.keystoreKey }}
- name: KAFKA_SSL_KEYSTORE_LOCATION
  value: /etc/kafkarpenter/kafka-tls/{{ $tls.keystoreKey }}
- name: KAFKA_SSL_KEYSTORE_TYPE
  value: {{ $tls.keystoreType | quote }}
{{- with $tls.keystorePasswordKey }}
- name: KAFKA_SSL_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $tls.secretName }}
      key: {{ . }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{/*
True ("true") when the Kafka TLS Secret is mounted (tls or sasl-scram with kafka.security.tls.secretName).
*/}}
{{- define "kafkarpenter.kafkaTlsMounted" -}}
{{- $sec := .Values.kafka.security }}
{{- if and (has $sec.type (list "tls" "sasl-scram")) $sec.tls.secretName }}true{{ end }}
{{- end }}
