package io.kafkarpenter.launcher.launch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.DriftHashes;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.KarpenterApi;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodeClaimResources;
import io.kafkarpenter.model.crd.NodeClaimSpec;
import io.kafkarpenter.model.crd.NodeClaimStatus;
import io.kafkarpenter.model.crd.NodeClassReference;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.crd.NodeSelectorRequirementWithMinValues;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimRequirement;
import io.kafkarpenter.model.pods.TaintSpec;
import io.kafkarpenter.model.requirements.Labels;

/**
 * Builds the {@code karpenter.sh/v1} NodeClaim object of a launch. Distrust the topic: its labels and annotations
 * are not the record's but what Karpenter itself puts on a NodeClaim, from the live NodePool (see DESIGN.md,
 * "Forged records").
 */
public final class NodeClaimFactory {

    /** Label domains Karpenter does not copy from requirements onto nodes (its {@code IsRestrictedNodeLabel}). */
    private static final Set<String> RESTRICTED_DOMAINS = Set.of("kubernetes.io", "k8s.io", "karpenter.sh",
        "karpenter.k8s.aws");
    private static final Set<String> DOMAIN_EXCEPTIONS = Set.of("kops.k8s.io", "node.kubernetes.io",
        "node-restriction.kubernetes.io");

    private NodeClaimFactory() {
    }

    /**
     * The NodeClaim for a launch: the decision's name; labels = the live NodePool's template labels,
     * {@code karpenter.sh/nodepool}, the EC2NodeClass label, the single-valued {@code In} requirements and one value
     * of each multi-valued {@code In} requirement on a custom key (as Karpenter derives them); annotations = the template's annotations, the drift hashes of the live NodePool and
     * EC2NodeClass, and {@code kafkarpenter.io/decision-id}; finalizer {@code karpenter.sh/termination}; taints,
     * requirements with the instance types narrowed to {@code instanceTypes}, resource requests and nodeClassRef;
     * owned by its NodePool; every lifecycle condition {@code Unknown}, as Karpenter starts one.
     */
    public static NodeClaim forLaunch(NodeClaimLaunch launch, NodePool pool, EC2NodeClass nodeClass,
                                      List<String> instanceTypes, Instant now) {
        NodeClaimSpec spec = new NodeClaimSpec();
        spec.setTaints(fabric8Taints(launch.taints()));
        spec.setStartupTaints(fabric8Taints(launch.startupTaints()));
        List<NodeSelectorRequirementWithMinValues> requirements = new ArrayList<>();
        boolean narrowed = false;
        for (NodeClaimRequirement r : launch.requirements()) {
            if (r.key().equals(Labels.INSTANCE_TYPE) && r.operator().equals("In")) {
                requirements.add(new NodeSelectorRequirementWithMinValues(r.key(), "In", instanceTypes, r.minValues()));
                narrowed = true;
            } else {
                requirements.add(new NodeSelectorRequirementWithMinValues(r.key(), r.operator(), r.values(), r.minValues()));
            }
        }
        if (!narrowed) {
            requirements.add(new NodeSelectorRequirementWithMinValues(Labels.INSTANCE_TYPE, "In", instanceTypes, null));
        }
        spec.setRequirements(requirements);
        NodeClaimResources resources = new NodeClaimResources();
        Map<String, Quantity> requests = new LinkedHashMap<>();
        launch.resourceRequests().forEach((k, v) -> requests.put(k, new Quantity(v)));
        resources.setRequests(requests);
        spec.setResources(resources);
        spec.setNodeClassRef(new NodeClassReference(launch.nodeClassRef().group(), launch.nodeClassRef().kind(),
            launch.nodeClassRef().name()));
        spec.setExpireAfter(launch.expireAfter());
        spec.setTerminationGracePeriod(launch.terminationGracePeriod());

        NodeClaim claim = new NodeClaim();
        claim.setMetadata(new ObjectMetaBuilder().withName(launch.nodeClaimName())
            .withLabels(labels(launch, pool))
            .withAnnotations(annotations(launch, pool, nodeClass))
            .withFinalizers(DisruptionKeys.TERMINATION_FINALIZER)
            .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(KarpenterApi.CORE_API_VERSION)
                .withKind(KarpenterApi.NODE_POOL_KIND).withName(pool.getMetadata().getName())
                .withUid(pool.getMetadata().getUid()).withBlockOwnerDeletion(true).build())
            .build());
        claim.setSpec(spec);
        NodeClaimStatus status = new NodeClaimStatus();
        List<Condition> conditions = new ArrayList<>();
        for (String type : List.of(NodeClaimConditions.LAUNCHED, NodeClaimConditions.REGISTERED,
            NodeClaimConditions.INITIALIZED, NodeClaimConditions.READY)) {
            conditions.add(NodeClaimConditions.condition(type, "Unknown", "AwaitingReconciliation",
                "object is awaiting reconciliation", now));
        }
        status.setConditions(conditions);
        claim.setStatus(status);
        return claim;
    }

    /** Template labels of the live NodePool, then the requirement labels, the NodePool and EC2NodeClass labels. */
    public static Map<String, String> labels(NodeClaimLaunch launch, NodePool pool) {
        Map<String, String> labels = new LinkedHashMap<>();
        var template = pool.getSpec() == null ? null : pool.getSpec().getTemplate();
        if (template != null && template.getMetadata() != null && template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        for (NodeClaimRequirement r : launch.requirements()) {
            if (!"In".equals(r.operator()) || r.values() == null || r.values().isEmpty() || restrictedNodeLabel(r.key())) {
                continue;
            }
            if (r.values().size() == 1) {
                labels.put(r.key(), r.values().get(0));
            } else if (!Labels.WELL_KNOWN.contains(r.key())) {
                // Karpenter's Requirements.Labels(): a custom key with several allowed values gets one of them (Any());
                // the engine's pick when the record names an allowed one, else the first. Without it the node lacks
                // the key and the NodePool's requirement no longer admits it: RequirementsDrifted right after launch.
                String picked = launch.labels() == null ? null : launch.labels().get(r.key());
                labels.put(r.key(), picked != null && r.values().contains(picked) ? picked : r.values().get(0));
            }
        }
        labels.put(Labels.NODEPOOL, pool.getMetadata().getName());
        labels.put(Labels.NODECLASS, launch.nodeClassRef().name());
        return labels;
    }

    /** Template annotations of the live NodePool, the drift hashes and the decision id; nothing from the record. */
    public static Map<String, String> annotations(NodeClaimLaunch launch, NodePool pool, EC2NodeClass nodeClass) {
        Map<String, String> annotations = new LinkedHashMap<>();
        var template = pool.getSpec() == null ? null : pool.getSpec().getTemplate();
        if (template != null && template.getMetadata() != null && template.getMetadata().getAnnotations() != null) {
            annotations.putAll(template.getMetadata().getAnnotations());
        }
        annotations.keySet().removeIf(k -> k.startsWith(DisruptionKeys.TERMINATION_PREFIX)
            || k.equals(DisruptionKeys.TERMINATION_TIMESTAMP));
        annotations.putAll(DriftHashes.annotations(pool, nodeClass));
        annotations.put(DisruptionKeys.DECISION_ANNOTATION, launch.decisionId());
        return annotations;
    }

    /** Karpenter's {@code IsRestrictedNodeLabel}: well-known labels pass, other keys of its domains do not. */
    public static boolean restrictedNodeLabel(String key) {
        if (Labels.WELL_KNOWN.contains(key)) {
            return false;
        }
        if (Labels.HOSTNAME.equals(key)) {
            return true;
        }
        String domain = key.contains("/") ? key.substring(0, key.indexOf('/')) : "";
        if (DOMAIN_EXCEPTIONS.stream().anyMatch(d -> domain.equals(d) || domain.endsWith("." + d))) {
            return false;
        }
        return RESTRICTED_DOMAINS.stream().anyMatch(d -> domain.equals(d) || domain.endsWith("." + d));
    }

    private static List<io.fabric8.kubernetes.api.model.Taint> fabric8Taints(List<TaintSpec> taints) {
        List<io.fabric8.kubernetes.api.model.Taint> out = new ArrayList<>();
        for (TaintSpec t : taints) {
            out.add(new TaintBuilder().withKey(t.key()).withValue(t.value()).withEffect(t.effect()).build());
        }
        return out.isEmpty() ? null : out;
    }
}
