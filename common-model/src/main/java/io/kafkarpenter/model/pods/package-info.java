/**
 * {@link io.kafkarpenter.model.pods.PodSchedulingView}: a pending pod's scheduling-relevant fields as plain,
 * Kubernetes-shaped records (raw quantities, string operators, Kubernetes defaults applied), no interpretation.
 * Plain Java only (checked by {@code DomainArchitectureTest}). Design: {@code common-model/docs/CONTRACTS.md}.
 */
package io.kafkarpenter.model.pods;
