{{/*
Each service's Kafka rights: the ONE definition of who may read and write which topic and use which consumer group.
It is a template, not a value, on purpose: the rights follow from the services' code (their channels in
application.properties), so a values file cannot widen them. Rendered as Strimzi KafkaUsers (kafka.users.create=
strimzi, templates/users-strimzi.yaml) and applied to any broker by `bin/kk topics apply` (deploy/chart
KafkaAccess, which renders this chart). KafkaAccessCoverageTest checks it against every service's channels.

  read:   topics it consumes (ACL Read + Describe; Describe also lets it ask for end offsets and partition counts)
  write:  topics it produces to, its dead-letter topic kk.dlq.<service> included (Write + Describe; Write is also
          what an idempotent producer needs since Kafka 3.0, no cluster IdempotentWrite)
  (viewer: the web viewer, deploy/viewer, reads kk.decisions only)
  groups: consumer groups (Read). literal: one group shared by the service's replicas; prefix: a group per process
          (<prefix><pod name>-<random>, ${kk.instance} in application.properties) where every replica must read
          every partition from the beginning to rebuild its state, and must never share offsets with another.
*/}}
{{- define "kafkarpenter.kafkaAccess" -}}
pod-watcher:
  read: [kk.pods.pending]
  write: [kk.pods.pending, kk.decisions, kk.dlq.pod-watcher]
  groups:
    - {name: kk-pod-watcher-pending-, patternType: prefix}
provisioner:
  read: [kk.pods.pending, kk.nodeclaims.status, kk.offerings.unavailable, kk.nodeclaims.launch]
  write: [kk.nodeclaims.launch, kk.decisions, kk.dlq.provisioner]
  groups:
    - {name: kk-provisioner, patternType: literal}
    - {name: kk-provisioner-status-, patternType: prefix}
    - {name: kk-provisioner-offerings-, patternType: prefix}
    - {name: kk-provisioner-launches-, patternType: prefix}
launcher:
  read: [kk.nodeclaims.launch, kk.nodes.terminate]
  write: [kk.nodeclaims.status, kk.offerings.unavailable, kk.decisions, kk.dlq.launcher]
  groups:
    - {name: kk-launcher, patternType: literal}
    - {name: kk-launcher-terminate, patternType: literal}
consolidator:
  read: [kk.nodeclaims.status]
  write: [kk.nodeclaims.launch, kk.nodes.terminate, kk.decisions, kk.dlq.consolidator]
  groups:
    - {name: kk-consolidator-status-, patternType: prefix}
tag-reconciler:
  read: [kk.nodeclaims.status]
  write: [kk.decisions, kk.dlq.tag-reconciler]
  groups:
    - {name: kk-tag-reconciler, patternType: literal}
viewer:
  read: [kk.decisions]
  write: []
  groups:
    - {name: kk-viewer-, patternType: prefix}
{{- end }}

{{/*
Who has a Kafka user: the five services and the web viewer (deploy/viewer: this chart does not deploy it, but its
principal kafkarpenter-viewer gets its rights from the same definition, read-only).
*/}}
{{- define "kafkarpenter.kafkaUsers" -}}
users:
{{- range (include "kafkarpenter.services" . | fromYaml).services }}
  - name: {{ .name }}
{{- end }}
  - name: viewer
{{- end }}

{{/*
The Strimzi ACL rules (KafkaUser spec.authorization.acls) of one service; call with (dict "root" $ "svc" $svc).
One rule per topic with every operation the service needs on it, then one per group.
*/}}
{{- define "kafkarpenter.kafkaAcls" -}}
{{- $rights := get (include "kafkarpenter.kafkaAccess" .root | fromYaml) .svc.name }}
{{- if not $rights }}
{{- fail (printf "no Kafka rights defined for service %s (templates/_kafka-access.tpl)" .svc.name) }}
{{- end }}
{{- range $topic := uniq (concat $rights.read $rights.write) }}
- resource:
    type: topic
    name: {{ $topic }}
    patternType: literal
  operations:
    {{- if has $topic $rights.read }}
    - Read
    {{- end }}
    {{- if has $topic $rights.write }}
    - Write
    {{- end }}
    - Describe
  host: "*"
{{- end }}
{{- range $rights.groups }}
- resource:
    type: group
    name: {{ .name }}
    patternType: {{ .patternType }}
  operations:
    - Read
  host: "*"
{{- end }}
{{- end }}
