/**
 * The workshop's §1.7 as domain code: which resources carry the discovery tag ({@code karpenter.sh/discovery} =
 * cluster name), and what to do about each one. {@link io.kafkarpenter.model.discovery.DiscoveryPlanner} turns a
 * {@link io.kafkarpenter.model.discovery.DiscoveryInventory} (what AWS holds) and a
 * {@link io.kafkarpenter.model.discovery.DiscoverySelection} (what should be tagged) into one
 * {@link io.kafkarpenter.model.discovery.ResourceVerdict} per resource. Used by the tag-reconciler and by
 * {@code bin/kk tags}; the AWS reads and writes are adapters in service-support. Plain Java only.
 */
package io.kafkarpenter.model.discovery;
