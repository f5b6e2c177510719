package io.kafkarpenter.launcher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.kafkarpenter.model.crd.KarpenterApi;
import io.kafkarpenter.model.crd.NodeClaim;
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

/** Building the {@code karpenter.sh/v1} NodeClaim object of a launch, and reading/writing its status conditions. */
final class NodeClaims {

    static final String LAUNCHED = "Launched";
    static final String REGISTERED = "Registered";
    static final String INITIALIZED = "Initialized";
    static final String READY = "Ready";
    /** Annotation: the launch decision a NodeClaim came from. */
    static final String DECISION_ANNOTATION = "kafkarpenter.io/decision-id";

    private NodeClaims() {
    }

    /**
     * The NodeClaim for a launch: the decision's name, its labels (plus {@code karpenter.sh/nodepool}), annotations,
     * taints, requirements with the instance types narrowed to {@code instanceTypes}, resource requests and
     * nodeClassRef; owned by its NodePool; every lifecycle condition {@code Unknown}, as Karpenter starts one.
     */
    static NodeClaim forLaunch(NodeClaimLaunch launch, NodePool pool, List<String> instanceTypes, Instant now) {
        Map<String, String> labels = new LinkedHashMap<>(launch.labels());
        labels.put(Labels.NODEPOOL, launch.nodePool());
        labels.put(Labels.NODECLASS, launch.nodeClassRef().name());
        Map<String, String> annotations = new LinkedHashMap<>(launch.annotations());
        annotations.put(DECISION_ANNOTATION, launch.decisionId());

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
        claim.setMetadata(new ObjectMetaBuilder().withName(launch.nodeClaimName()).withLabels(labels)
            .withAnnotations(annotations)
            .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(KarpenterApi.CORE_API_VERSION)
                .withKind(KarpenterApi.NODE_POOL_KIND).withName(pool.getMetadata().getName())
                .withUid(pool.getMetadata().getUid()).withBlockOwnerDeletion(true).build())
            .build());
        claim.setSpec(spec);
        NodeClaimStatus status = new NodeClaimStatus();
        List<Condition> conditions = new ArrayList<>();
        for (String type : List.of(LAUNCHED, REGISTERED, INITIALIZED, READY)) {
            conditions.add(condition(type, "Unknown", "AwaitingReconciliation", "object is awaiting reconciliation", now));
        }
        status.setConditions(conditions);
        claim.setStatus(status);
        return claim;
    }

    static Condition condition(String type, String status, String reason, String message, Instant now) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason)
            .withMessage(message == null ? "" : message.length() > 300 ? message.substring(0, 300) : message)
            .withLastTransitionTime(now.toString()).build();
    }

    /** The status of condition {@code type} ({@code True}, {@code False}, {@code Unknown}); {@code Unknown} if absent. */
    static String conditionStatus(NodeClaim claim, String type) {
        return find(claim, type).map(Condition::getStatus).orElse("Unknown");
    }

    static Optional<Condition> find(NodeClaim claim, String type) {
        if (claim.getStatus() == null || claim.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return claim.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    /**
     * Sets condition {@code type} on {@code claim} (in memory); keeps the transition time when the status does not
     * change. {@code Ready} follows: True when Launched, Registered and Initialized are all True.
     */
    static void setCondition(NodeClaim claim, String type, String status, String reason, String message, Instant now) {
        if (claim.getStatus() == null) {
            claim.setStatus(new NodeClaimStatus());
        }
        List<Condition> conditions = claim.getStatus().getConditions() == null ? new ArrayList<>()
            : new ArrayList<>(claim.getStatus().getConditions());
        Optional<Condition> existing = conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
        Condition updated = condition(type, status, reason, message, now);
        if (existing.isPresent()) {
            if (status.equals(existing.get().getStatus())) {
                updated.setLastTransitionTime(existing.get().getLastTransitionTime());
            }
            conditions.set(conditions.indexOf(existing.get()), updated);
        } else {
            conditions.add(updated);
        }
        claim.getStatus().setConditions(conditions);
        if (!type.equals(READY)) {
            boolean ready = List.of(LAUNCHED, REGISTERED, INITIALIZED).stream()
                .allMatch(t -> "True".equals(conditionStatus(claim, t)));
            if (ready) {
                setCondition(claim, READY, "True", READY, "", now);
            }
        }
    }

    static Instant transitionTime(NodeClaim claim, String type, Instant fallback) {
        return find(claim, type).map(Condition::getLastTransitionTime).map(Instant::parse).orElse(fallback);
    }

    static String nodePool(NodeClaim claim) {
        Map<String, String> labels = claim.getMetadata().getLabels();
        return labels == null ? null : labels.get(Labels.NODEPOOL);
    }

    private static List<io.fabric8.kubernetes.api.model.Taint> fabric8Taints(List<TaintSpec> taints) {
        List<io.fabric8.kubernetes.api.model.Taint> out = new ArrayList<>();
        for (TaintSpec t : taints) {
            out.add(new TaintBuilder().withKey(t.key()).withValue(t.value()).withEffect(t.effect()).build());
        }
        return out.isEmpty() ? null : out;
    }
}
