/**
 * Discovery tags (the workshop's §1.7) kept correct by the tag-reconciler.
 *
 * <p><b>What is tagged.</b> {@code karpenter.sh/discovery} (setting {@code discovery-tag-key}) with the cluster name
 * as value, on the EKS cluster, its subnets per {@code subnets} ({@code private}: a subnet whose route table — its
 * explicit association, else the VPC's main table — has no {@code 0.0.0.0/0} route to an {@code igw-*};
 * {@code all}; or a list of ids) and its security groups per {@code security-groups} ({@code cluster}: the EKS
 * cluster security group; or a list of ids).
 *
 * <p><b>How "we wrote it" is recorded.</b> On the resource itself: the marker tag
 * {@code kafkarpenter.io/discovery-tag-owner=<cluster>} is written in the same CreateTags / TagResource call as the
 * discovery tag, so either both are there or neither (no state outside AWS, nothing to lose on a restart, visible
 * to people in the console). The rules (common-model {@code DiscoveryPlanner}): no tag and no marker → add both; the
 * marker without the tag → the tag was removed by hand, restore it; the tag with the cluster name → fine, and without
 * the marker it is a person's and is never removed; another value (or another cluster's marker on an untagged
 * resource) → a conflict, reported and never changed; a resource carrying this cluster's marker that is no longer
 * selected (left the cluster, settings changed) → the marker and, if it still holds the cluster name, the tag are
 * removed with EC2 DeleteTags on their exact values (a value changed meanwhile is not deleted).
 *
 * <p><b>Reports.</b> Each change is a {@code kk.decisions} record (DISCOVERY_TAG_ADDED / _RESTORED / _REMOVED); a
 * conflict (DISCOVERY_TAG_CONFLICT), a write AWS refused (DISCOVERY_TAG_REFUSED) and, in {@code dry-run}, a change
 * that would be made (DISCOVERY_TAG_DRY_RUN) are recorded when first seen and when they change, not every pass. Metrics
 * {@code kafkarpenter_tagreconciler_discovery_resources{resource_type,state}},
 * {@code kafkarpenter_tagreconciler_discovery_tags_written_total{resource_type,action}},
 * {@code kafkarpenter_tagreconciler_discovery_write_failures_total{resource_type}}. {@code bin/kk tags check|apply} runs the same
 * reader, planner and writer (service-support {@code io.kafkarpenter.service.aws}).
 *
 * <p><b>IAM.</b> Besides Karpenter's policy: {@code eks:DescribeCluster}, {@code eks:TagResource},
 * {@code eks:UntagResource} on the cluster ARN; {@code ec2:DescribeRouteTables}; {@code ec2:CreateTags} and
 * {@code ec2:DeleteTags} on {@code subnet/*} and {@code security-group/*} restricted with {@code aws:TagKeys} to
 * {@code karpenter.sh/discovery} and {@code kafkarpenter.io/discovery-tag-owner}.
 */
package io.kafkarpenter.tagreconciler.discovery;
