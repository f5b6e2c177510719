#!/usr/bin/env bash
# summary: check or apply the workshop's discovery tags (karpenter.sh/discovery) on the cluster, its subnets and SG
# usage: bin/kk tags check --cluster NAME [--region R] [--endpoint URL] [--subnets private|all|ID,...]
#            [--security-groups cluster|ID,...]
#          one line per resource (cluster, each subnet public/private, security groups) with ✅ or ⚠️, and under a
#          missing tag the aws command that adds it; exit 0 only when every selected resource is tagged, 1 if not,
#          2 for a usage error
#        bin/kk tags apply [--dry-run] (same options)
#          one reconcile as the tag-reconciler does it (tag + marker kafkarpenter.io/discovery-tag-owner, nothing
#          removed that Kafkarpenter did not write, conflicts left alone); prints each change
#        AWS credentials: the standard chain (environment, profile, ...); against --endpoint (e.g. bin/kk ec2sim's
#        http://127.0.0.1:4566) without credentials, placeholders are used. Region: --region, AWS_REGION,
#        AWS_DEFAULT_REGION, or us-east-1 with --endpoint.
set -euo pipefail
source "$KK_HOME/bin/lib/common.sh"
case "${1:-}" in check|apply) ;; *) kk_die "usage: bin/kk tags check|apply --cluster NAME [options] (see bin/lib/kk-tags.sh)" ;; esac
cli="$KK_HOME/deploy/kk-cli/target"
kk_build_if_missing "$cli/kk-cli.jar" deploy/kk-cli
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
  -cp "$cli/kk-cli.jar:$cli/lib/*" io.kafkarpenter.cli.Main tags "$@"
