package io.kafkarpenter.launcher.launch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.crd.NodeSelectorRequirementWithMinValues;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.launcher.ec2.InstanceTypeCatalog;

/**
 * NodePool limits as the launcher enforces them (no I/O). The usage of a NodePool is the sum over its NodeClaims
 * of what each may occupy: its {@code status.capacity} once launched, otherwise the per-resource maximum over the
 * instance types its {@code node.kubernetes.io/instance-type} requirement still allows (an in-flight launch may get
 * any of them), plus one {@code nodes}. NodeClaims whose launch failed ({@code Launched=False}) count nothing.
 * A launch may only use instance types whose capacity fits in what the limits leave.
 */
public final class NodePoolLimits {

    public static final String NODES = "nodes";
    private static final ResourceList ONE_NODE = ResourceList.builder().setUnits(NODES, 1).build();

    private NodePoolLimits() {
    }

    /** The NodePool's {@code spec.limits}; empty when it has none. */
    public static ResourceList limits(NodePool pool) {
        Map<String, String> text = new LinkedHashMap<>();
        if (pool.getSpec().getLimits() != null) {
            pool.getSpec().getLimits().forEach((k, v) -> text.put(k, v.toString()));
        }
        return ResourceList.parse(text);
    }

    /** What one NodeClaim counts against its NodePool's limits. */
    public static ResourceList claimed(NodeClaim claim, InstanceTypeCatalog catalog) {
        if (NodeClaimConditions.status(claim, NodeClaimConditions.LAUNCHED).equals("False")) {
            return ResourceList.EMPTY;
        }
        if (claim.getStatus() != null && claim.getStatus().getCapacity() != null && !claim.getStatus().getCapacity().isEmpty()) {
            Map<String, String> text = new LinkedHashMap<>();
            claim.getStatus().getCapacity().forEach((k, v) -> text.put(k, v.toString()));
            return ResourceList.parse(text).plus(ONE_NODE);
        }
        List<InstanceType> types = new ArrayList<>();
        for (String name : allowedTypes(claim)) {
            catalog.find(name).ifPresent(types::add);
        }
        return claimedBy(types);
    }

    /** What a NodeClaim not launched yet counts when its requirement allows these types: the worst of them, one node. */
    public static ResourceList claimedBy(Collection<InstanceType> types) {
        ResourceList worst = ResourceList.EMPTY;
        for (InstanceType type : types) {
            worst = worst.max(type.capacity());
        }
        return worst.plus(ONE_NODE);
    }

    /** The first limited resource {@code usage} is over, if any. */
    public static Optional<String> overLimit(ResourceList usage, ResourceList limits) {
        return limits.asMilliMap().keySet().stream().filter(k -> usage.milli(k) > limits.milli(k)).findFirst();
    }

    public static ResourceList usage(List<NodeClaim> claims, InstanceTypeCatalog catalog) {
        ResourceList sum = ResourceList.EMPTY;
        for (NodeClaim claim : claims) {
            sum = sum.plus(claimed(claim, catalog));
        }
        return sum;
    }

    /** Whether a node of {@code type} fits in what {@code limits} leave after {@code usage}. */
    public static boolean fits(InstanceType type, ResourceList usage, ResourceList limits) {
        return !usage.plus(type.capacity()).plus(ONE_NODE).anyExceeds(limits);
    }

    /** The limited resources a node of {@code type} would exceed, e.g. {@code [cpu]}. */
    public static List<String> exceeded(InstanceType type, ResourceList usage, ResourceList limits) {
        ResourceList after = usage.plus(type.capacity()).plus(ONE_NODE);
        List<String> out = new ArrayList<>();
        limits.asMilliMap().forEach((k, v) -> {
            if (after.milli(k) > v) {
                out.add(k);
            }
        });
        return out;
    }

    private static List<String> allowedTypes(NodeClaim claim) {
        if (claim.getSpec() == null || claim.getSpec().getRequirements() == null) {
            return List.of();
        }
        for (NodeSelectorRequirementWithMinValues r : claim.getSpec().getRequirements()) {
            if (Labels.INSTANCE_TYPE.equals(r.getKey()) && "In".equals(r.getOperator()) && r.getValues() != null) {
                return r.getValues();
            }
        }
        return List.of();
    }
}
