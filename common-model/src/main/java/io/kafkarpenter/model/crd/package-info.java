/**
 * Karpenter's custom resources as fabric8 {@link io.fabric8.kubernetes.client.CustomResource} classes:
 * {@code karpenter.sh/v1} {@link io.kafkarpenter.model.crd.NodePool} and {@link io.kafkarpenter.model.crd.NodeClaim},
 * {@code karpenter.k8s.aws/v1} {@link io.kafkarpenter.model.crd.EC2NodeClass} (all cluster-scoped).
 *
 * <p>The classes mirror Karpenter's v1 API field for field, so users keep their manifests. They are read tolerantly
 * (unknown fields are ignored) and written without nulls. Durations stay the strings the user wrote
 * ({@code 30s}, {@code Never}); {@link io.kafkarpenter.model.crd.Durations} turns them into {@link java.time.Duration}.
 * Karpenter's admission rules (CRD schema, CEL and webhook) live in {@code io.kafkarpenter.model.crd.validation};
 * {@link io.kafkarpenter.model.crd.KarpenterManifests} reads multi-document YAML into these classes.
 *
 * <p>The CRD YAMLs in {@code deploy/crds} are generated from these classes by fabric8's crd-generator.
 */
package io.kafkarpenter.model.crd;
