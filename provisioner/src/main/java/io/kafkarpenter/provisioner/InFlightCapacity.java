package io.kafkarpenter.provisioner;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.kafkarpenter.service.ec2.InstanceTypeProvider;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.InstanceTypeOption;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimRequirement;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.resources.ResourceList;
import io.kafkarpenter.model.scheduling.ExistingNode;
import io.kafkarpenter.model.scheduling.SchedulingPod;
import io.kafkarpenter.model.scheduling.Taint;

/**
 * In-flight NodeClaims as the engine's existing capacity (DESIGN.md, "In-flight capacity"):
 * <ul>
 *   <li>a claim whose instance type and zone are known (the launcher's LAUNCHED status, or the NodeClaim's labels)
 *       is a node of that type in that zone, not initialized, <b>with the pods it was launched for bound to it</b>
 *       while they are pending ({@link Reason#SCHEDULED_INFLIGHT_NODECLAIM}): placing them again from scratch packs
 *       them differently, and pods with hostname anti-affinity then find no claim left and buy new ones (923 extra
 *       NodeClaims for 20,000 pods of the diverse mix; DESIGN.md, "In-flight capacity");</li>
 *   <li>a decision the launcher has not answered yet (its type and zone unknown) is a node that is <i>at least</i>
 *       what every instance-type option of it gives (per resource the smallest allocatable, for NodePool limits the
 *       largest capacity), labelled with what all options and its requirements agree on, <b>with its pods bound to
 *       it</b>: they wait for it ({@link Reason#AWAITING_LAUNCH}) and are not decided again, however long the
 *       launcher takes, until the decision is answered or expires ({@link InFlightClaims}).</li>
 * </ul>
 */
@ApplicationScoped
public class InFlightCapacity {

    private static final Logger LOG = Logger.getLogger(InFlightCapacity.class);

    /**
     * A pending pod held by the launch decision it was decided for.
     *
     * @param launched false while the launcher has not answered (the pod awaits the launch), true once the claim's
     *                 instance type and zone are known (the pod waits for the node to register)
     */
    record Awaiting(String nodeClaim, Duration since, boolean launched) {
    }

    /**
     * @param nodes    in-flight claims as existing nodes
     * @param names    their names (the engine's placements on them are "in-flight NodeClaim" outcomes)
     * @param awaiting pod uid → the unanswered decision it waits for
     */
    record Result(List<ExistingNode> nodes, Set<String> names, Map<String, Awaiting> awaiting) {
    }

    private final ClusterState cluster;
    private final InstanceTypeProvider instanceTypes;

    InFlightCapacity(ClusterState cluster, InstanceTypeProvider instanceTypes) {
        this.cluster = cluster;
        this.instanceTypes = instanceTypes;
    }

    /** What a claim resolved to: its instance type and zone (from the launcher's status or the NodeClaim object). */
    record Resolved(String instanceType, String zone, String capacityType, String providerId) {
    }

    Optional<Resolved> resolve(InFlightClaims.Claim c) {
        var s = c.status();
        if (s != null && s.instanceType() != null && s.zone() != null) {
            return Optional.of(new Resolved(s.instanceType(), s.zone(), s.capacityType(), s.providerId()));
        }
        return cluster.nodeClaim(c.name()).flatMap(InFlightCapacity::resolve);
    }

    private static Optional<Resolved> resolve(NodeClaim nc) {
        Map<String, String> labels = nc.getMetadata().getLabels() == null ? Map.of() : nc.getMetadata().getLabels();
        String type = labels.get(Labels.INSTANCE_TYPE);
        String zone = labels.get(Labels.ZONE);
        if (type == null || zone == null) {
            return Optional.empty();
        }
        return Optional.of(new Resolved(type, zone, labels.get(Labels.CAPACITY_TYPE),
            nc.getStatus() == null ? null : nc.getStatus().getProviderID()));
    }

    /**
     * @param active      the claims that count ({@link InFlightClaims#active}), oldest first
     * @param typesByPool the instance types of each valid NodePool in this pass
     * @param providerIds provider IDs of the cluster's Nodes; nodeNames their names (a claim with a Node is a node)
     * @param pending     the batch's pending pods by uid
     */
    Result of(List<InFlightClaims.Claim> active, Map<String, List<InstanceType>> typesByPool, Set<String> providerIds,
              Set<String> nodeNames, Map<String, PendingPod> pending, Instant now) {
        Map<String, InFlightClaims.Claim> claims = new LinkedHashMap<>();
        active.forEach(c -> claims.put(c.name(), c));
        for (NodeClaim nc : cluster.nodeClaims()) {
            if (!claims.containsKey(nc.getMetadata().getName()) && nc.getMetadata().getDeletionTimestamp() == null) {
                claims.put(nc.getMetadata().getName(), null);
            }
        }
        List<ExistingNode> nodes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, Awaiting> awaiting = new HashMap<>();
        for (Map.Entry<String, InFlightClaims.Claim> e : claims.entrySet()) {
            String name = e.getKey();
            InFlightClaims.Claim claim = e.getValue();
            if (deleting(name)) {
                continue; // no capacity (Karpenter's MarkedForDeletion): its pods are decided again
            }
            Optional<Resolved> resolved;
            String pool;
            if (claim != null) {
                resolved = resolve(claim);
                pool = claim.nodePool();
            } else {
                NodeClaim nc = cluster.nodeClaim(name).orElse(null);
                if (nc == null) {
                    continue;
                }
                resolved = resolve(nc);
                pool = nc.getMetadata().getLabels() == null ? null : nc.getMetadata().getLabels().get(Labels.NODEPOOL);
            }
            if (pool == null) {
                continue;
            }
            NodePool np = cluster.nodePools().stream().filter(p -> p.getMetadata().getName().equals(pool)).findFirst()
                .orElse(null);
            List<InstanceType> poolTypes = typesByPool.getOrDefault(pool, List.of());
            if (resolved.isPresent()) {
                Resolved r = resolved.get();
                String nodeName = claim != null && claim.status() != null ? claim.status().nodeName() : null;
                if ((r.providerId() != null && providerIds.contains(r.providerId()))
                    || (nodeName != null && nodeNames.contains(nodeName))) {
                    continue; // it is a Node now
                }
                Optional<InstanceType> type = type(np, poolTypes, r.instanceType());
                if (type.isEmpty()) {
                    LOG.debugf("in-flight NodeClaim %s: instance type %s unknown to NodePool %s", name,
                        r.instanceType(), pool);
                    continue;
                }
                names.add(name);
                nodes.add(launched(name, claim, pool, type.get(), r, templateLabels(np), templateTaints(np), pending,
                    now, awaiting));
            } else if (claim != null && claim.launch() != null) {
                unresolved(claim, templateLabels(np), type -> type(np, poolTypes, type), pending, now, awaiting)
                    .ifPresent(node -> {
                        names.add(name);
                        nodes.add(node);
                    });
            }
        }
        return new Result(nodes, names, awaiting);
    }

    /**
     * True when every pending pod is carried by one of the claims that count ({@link InFlightClaims#active}) whose
     * NodeClaim is not being deleted: a pass would only hold them again (see ProvisioningLoop, the skipped pass).
     */
    boolean holdsAll(List<InFlightClaims.Claim> active, List<PendingPod> pending) {
        Set<String> held = new HashSet<>();
        for (InFlightClaims.Claim c : active) {
            if (c.launch() != null && !deleting(c.name())) {
                c.launch().pods().forEach(p -> held.add(p.uid()));
            }
        }
        return pending.stream().allMatch(p -> held.contains(p.pod().uid()));
    }

    /**
     * True when the NodeClaim object is being deleted (out of band, interrupted, disrupted) and the launcher has not
     * said TERMINATING yet (it may be down): it brings no capacity, and a new claim for its pods needs a new name.
     */
    boolean deleting(String name) {
        return cluster.nodeClaim(name).map(nc -> nc.getMetadata().getDeletionTimestamp() != null).orElse(false);
    }

    /**
     * A claim whose instance type and zone are known: a node of that type in that zone, not initialized, with the
     * pods of its launch decision (when this provisioner knows it) that are still pending and not held by an older
     * claim bound to it.
     */
    static ExistingNode launched(String name, InFlightClaims.Claim claim, String pool, InstanceType type, Resolved r,
                                 Map<String, String> templateLabels, List<Taint> taints, Map<String, PendingPod> pending,
                                 Instant now, Map<String, Awaiting> awaiting) {
        Map<String, String> labels = new LinkedHashMap<>(type.labels());
        labels.putAll(templateLabels);
        labels.put(Labels.NODEPOOL, pool);
        labels.put(Labels.ZONE, r.zone());
        labels.put(Labels.CAPACITY_TYPE, r.capacityType() == null ? Labels.CAPACITY_TYPE_ON_DEMAND : r.capacityType());
        labels.put(Labels.INSTANCE_TYPE, r.instanceType());
        labels.put(Labels.HOSTNAME, name);
        List<SchedulingPod> own = claim == null || claim.launch() == null ? List.of()
            : hold(claim, pending, now, awaiting, true);
        return new ExistingNode(name, pool, labels, taints, type.allocatable(), type.capacity(), false, own);
    }

    /**
     * An unanswered decision: its pods that are still pending (and not held by an older decision) wait for it; it is
     * a node of what all its options guarantee. Empty when none of its instance types is known any more (its pods
     * still wait).
     */
    static Optional<ExistingNode> unresolved(InFlightClaims.Claim claim, Map<String, String> templateLabels,
                                             Function<String, Optional<InstanceType>> types,
                                             Map<String, PendingPod> pending, Instant now,
                                             Map<String, Awaiting> awaiting) {
        NodeClaimLaunch launch = claim.launch();
        List<SchedulingPod> bound = hold(claim, pending, now, awaiting, false);
        List<InstanceType> options = new ArrayList<>();
        for (InstanceTypeOption o : launch.instanceTypes()) {
            types.apply(o.name()).ifPresent(options::add);
        }
        if (options.isEmpty()) {
            return Optional.empty();
        }
        ResourceList allocatable = options.get(0).allocatable();
        ResourceList capacity = options.get(0).capacity();
        Map<String, String> labels = new LinkedHashMap<>(options.get(0).labels());
        for (InstanceType t : options.subList(1, options.size())) {
            allocatable = allocatable.min(t.allocatable());
            capacity = capacity.max(t.capacity());
            labels.entrySet().removeIf(l -> !l.getValue().equals(t.labels().get(l.getKey())));
        }
        labels.putAll(templateLabels);
        labels.putAll(launch.labels());
        Set<String> zones = new TreeSet<>();
        Set<String> capacityTypes = new TreeSet<>();
        launch.instanceTypes().forEach(o -> o.offerings().forEach(off -> {
            zones.add(off.zone());
            capacityTypes.add(off.capacityType());
        }));
        if (zones.size() == 1) {
            labels.put(Labels.ZONE, zones.iterator().next());
        }
        if (capacityTypes.size() == 1) {
            labels.put(Labels.CAPACITY_TYPE, capacityTypes.iterator().next());
        }
        for (NodeClaimRequirement r : launch.requirements()) {
            if ("In".equals(r.operator()) && r.values().size() == 1) {
                labels.put(r.key(), r.values().get(0));
            }
        }
        labels.put(Labels.NODEPOOL, launch.nodePool());
        labels.put(Labels.HOSTNAME, claim.name());
        List<Taint> taints = launch.taints().stream()
            .map(t -> new Taint(t.key(), t.value() == null ? "" : t.value(), t.effect())).toList();
        return Optional.of(new ExistingNode(claim.name(), launch.nodePool(), labels, taints, allocatable, capacity,
            false, bound));
    }

    /**
     * The claim's own pods that are still pending and not held by an older claim, as pods bound to it; each is
     * recorded in {@code awaiting}.
     */
    private static List<SchedulingPod> hold(InFlightClaims.Claim claim, Map<String, PendingPod> pending, Instant now,
                                            Map<String, Awaiting> awaiting, boolean launched) {
        List<SchedulingPod> bound = new ArrayList<>();
        for (var ref : claim.launch().pods()) {
            PendingPod p = pending.get(ref.uid());
            if (p == null || awaiting.containsKey(ref.uid())) {
                continue;
            }
            try {
                bound.add(EngineInputs.pod(p.pod()));
                awaiting.put(ref.uid(), new Awaiting(claim.name(), claim.age(now), launched));
            } catch (IllegalArgumentException e) {
                // the pass reports the pod as invalid
            }
        }
        return bound;
    }

    /**
     * An instance type of the NodePool; one its requirements no longer allow (they changed after the launch) is built
     * from the NodePool's EC2NodeClass, since the claim still brings its room.
     */
    private Optional<InstanceType> type(NodePool np, List<InstanceType> poolTypes, String name) {
        for (InstanceType t : poolTypes) {
            if (t.name().equals(name)) {
                return Optional.of(t);
            }
        }
        return np == null ? Optional.empty() : cluster.nodeClassOf(np).flatMap(nc -> instanceTypes.find(nc, name));
    }

    private static Map<String, String> templateLabels(NodePool np) {
        if (np == null || np.getSpec().getTemplate().getMetadata() == null
            || np.getSpec().getTemplate().getMetadata().getLabels() == null) {
            return Map.of();
        }
        return np.getSpec().getTemplate().getMetadata().getLabels();
    }

    private static List<Taint> templateTaints(NodePool np) {
        return np == null ? List.of() : EngineInputs.taints(np.getSpec().getTemplate().getSpec().getTaints());
    }
}
