#!/usr/bin/env bash
# summary: create the chart's Kafka topics and each service's ACLs on any broker (Admin API); MSK IAM policies
# usage: bin/kk topics apply --bootstrap HOST:PORT [--command-config FILE] [--replication-factor N]
#            [--set key=value]... [--topics-only] [--dry-run]
#          renders deploy/helm/kafkarpenter (kafka.topics.list and templates/_kafka-access.tpl, with any --set values)
#          and creates what is missing: each topic with its partitions, replication factor and configs (an existing
#          topic is left as it is), each service's ACLs for principal User:kafkarpenter-<service>; prints one line per
#          topic and ACL, created or present. --command-config: a Kafka client properties file as kafka-topics.sh
#          takes it (security.protocol, sasl.mechanism, sasl.jaas.config, ssl.*) for an identity allowed to create
#          topics and ACLs. --topics-only: no ACLs (MSK with IAM access control: its IAM policies take their
#          place; aws-msk-iam-auth is on the classpath). --dry-run: compare only; without --bootstrap, list
#          everything the chart defines.
#          Exit 1 when the broker refuses or cannot be reached, 2 for a usage error.
#        bin/kk topics msk-policy [--service SERVICE] [--cluster-arn ARN] [--write DIR] [--set key=value]...
#          each service's IAM policy for Amazon MSK with IAM access control, from the same chart definition as the
#          ACLs (deploy/iam/msk/README.md): printed, or DIR/<service>.json with --write (regenerate the checked-in
#          ones with --write deploy/iam/msk); --cluster-arn fills in one cluster's partition, region, account, name
#          and UUID for `aws iam put-role-policy`.
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"
cli="$KK_HOME/deploy/kk-cli/target"
# the newest class of this command is the marker: a kk-cli built before `kk topics msk-policy` existed lacks it
kk_build_if_missing "$cli/classes/io/kafkarpenter/cli/topics/MskPolicyCommand.class" deploy/kk-cli
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -Dkk.helm.dir="$KK_HOME/deploy/helm" \
  -cp "$cli/kk-cli.jar:$cli/lib/*" io.kafkarpenter.cli.Main topics "$@"
