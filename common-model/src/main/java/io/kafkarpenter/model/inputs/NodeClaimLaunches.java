package io.kafkarpenter.model.inputs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.kafkarpenter.model.events.InstanceTypeOption;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimRequirement;
import io.kafkarpenter.model.events.NodeClassRef;
import io.kafkarpenter.model.events.OfferingOption;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.Offering;
import io.kafkarpenter.model.pods.PodRef;
import io.kafkarpenter.model.pods.TaintSpec;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.scheduling.PlannedNodeClaim;
import io.kafkarpenter.model.scheduling.Taint;

/**
 * From the scheduler's {@link PlannedNodeClaim} to the {@link NodeClaimLaunch} record the launcher acts on: its
 * instance-type options cheapest first with their available offerings, its requirements (ranges as Gt/Lt), labels,
 * taints, and the requests of its pods plus the DaemonSet overhead. The provisioner (new capacity) and the
 * consolidator (replacements) both publish launches made here.
 */
public final class NodeClaimLaunches {

    private NodeClaimLaunches() {
    }

    /**
     * @param template what the NodePool adds: its EC2NodeClass reference, expireAfter and terminationGracePeriod
     */
    public record Template(NodeClassRef nodeClassRef, String expireAfter, String terminationGracePeriod) {
        public static final Template DEFAULT = new Template(
            new NodeClassRef("karpenter.k8s.aws", "EC2NodeClass", "default"), null, null);
    }

    /**
     * The instance-type options of the launches of one pass, each held once: the claims of a pass share most of their
     * options (up to 60 types with their offerings each), and a 20,000-pod pass makes ~4,000 launches — ~200,000
     * options, ~25 MB when every launch has its own copies.
     */
    public static final class SharedOptions {
        private final Map<InstanceTypeOption, InstanceTypeOption> options = new HashMap<>();

        InstanceTypeOption shared(InstanceTypeOption option) {
            return options.computeIfAbsent(option, o -> o);
        }
    }

    public static NodeClaimLaunch of(String name, String decisionId, PlannedNodeClaim c, Template template,
                                     List<PodRef> pods, Reason reason, Instant now, Instant expiresAt) {
        return of(name, decisionId, c, template, pods, reason, now, expiresAt, new SharedOptions());
    }

    /** Like the other {@code of}, with the options shared with the other launches made with {@code shared}. */
    public static NodeClaimLaunch of(String name, String decisionId, PlannedNodeClaim c, Template template,
                                     List<PodRef> pods, Reason reason, Instant now, Instant expiresAt,
                                     SharedOptions shared) {
        List<InstanceTypeOption> options = new ArrayList<>();
        for (InstanceType t : c.instanceTypes()) {
            List<OfferingOption> offerings = new ArrayList<>();
            for (Offering o : t.availableOfferings(c.requirements())) {
                offerings.add(new OfferingOption(o.zone(), o.capacityType(), o.price(), o.available(), null));
            }
            options.add(shared.shared(new InstanceTypeOption(t.name(), offerings)));
        }
        options.sort(InstanceTypeOption.CHEAPEST_FIRST);
        List<NodeClaimRequirement> requirements = new ArrayList<>();
        for (Requirement r : c.requirements().all()) {
            requirements.addAll(requirement(r));
        }
        Template t = template == null ? Template.DEFAULT : template;
        return new NodeClaimLaunch(decisionId, name, c.nodePool(), t.nodeClassRef(), options, requirements,
            c.labels(), Map.of(), taints(c.taints()), taints(c.startupTaints()),
            c.requests().plus(c.daemonOverhead()).format(), t.expireAfter(), t.terminationGracePeriod(), pods, reason,
            now, expiresAt);
    }

    private static List<NodeClaimRequirement> requirement(Requirement r) {
        List<NodeClaimRequirement> out = new ArrayList<>();
        if (r.gte() != null) {
            out.add(new NodeClaimRequirement(r.key(), "Gt", List.of(Long.toString(r.gte() - 1)), r.minValues()));
        }
        if (r.lte() != null) {
            out.add(new NodeClaimRequirement(r.key(), "Lt", List.of(Long.toString(r.lte() + 1)), r.minValues()));
        }
        if (out.isEmpty() || !r.values().isEmpty()) {
            out.add(new NodeClaimRequirement(r.key(), r.operator().name(), r.values(), r.minValues()));
        }
        return out;
    }

    private static List<TaintSpec> taints(List<Taint> taints) {
        return taints.stream().map(t -> new TaintSpec(t.key(), t.value().isEmpty() ? null : t.value(), t.effect()))
            .toList();
    }
}
