package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.resources.ResourceList;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An existing node (or in-flight NodeClaim) during a solve: the room left after its bound pods (and the daemon
 * sets it will still run), its host ports, its label requirements and the taints that count. Karpenter's
 * {@code ExistingNode.CanAdd} (karpenter-core reference §2.4); used by {@link Scheduler} and by {@link NodeFit}.
 *
 * <p>{@link #verdict} runs the predicates in kube-scheduler's filter order (TaintToleration, NodeAffinity,
 * NodePorts, NodeResourcesFit, VolumeZone, PodTopologySpread/InterPodAffinity), so the first failure is the one
 * kube-scheduler would report; the yes/no answer does not depend on the order. {@link #tryAdd} checks the
 * cheapest predicate (resources) first because most refusals in a solve are full nodes.
 */
final class ExistingNodeSlot {

    static final Set<String> EPHEMERAL_TAINT_KEYS = Set.of("node.kubernetes.io/not-ready",
            "node.kubernetes.io/unreachable", "node.cloudprovider.kubernetes.io/uninitialized",
            "karpenter.sh/unregistered");

    final String name;
    final String hostname;
    final Map<String, String> labels;
    final List<Taint> taints;
    final Requirements requirements;
    final boolean initialized;
    final ResourceList allocatable;
    final List<SchedulingPod> boundPods;
    final List<SchedulingPod> newPods = new ArrayList<>();
    /** The requirements each of {@link #newPods} was recorded in topology with (to take it back). */
    final List<Requirements> newPodPlacements = new ArrayList<>();
    final List<HostPort> ports = new ArrayList<>();
    ResourceList remainingRoom;
    final ExistingNode source;
    /** Removed from the simulated cluster (a disruption candidate): accepts no pod. */
    boolean closed;
    /** Accepts pending pods but no pod moved off another node (a node inside its consolidateAfter window). */
    boolean refusesMovedPods;
    /** A moved pod that would land here fails instead (an uninitialized node: Karpenter's simulation error). */
    boolean failsMovedPods;
    /** Where commits are recorded for rollback; null in a provisioning solve. */
    UndoLog undo;

    /** The outcome of checking one pod: the failed predicate (null = fits) and the placement's requirements. */
    record Verdict(NodeFit.Predicate failed, Taint taint, HostPort port, TopologyGroup group, Requirements placed) {
        static final Verdict RESOURCES = new Verdict(NodeFit.Predicate.RESOURCES, null, null, null, null);
        static final Verdict NODE_AFFINITY = new Verdict(NodeFit.Predicate.NODE_AFFINITY, null, null, null, null);
        static final Verdict VOLUME_TOPOLOGY = new Verdict(NodeFit.Predicate.VOLUME_TOPOLOGY, null, null, null, null);

        boolean fits() {
            return failed == null;
        }
    }

    ExistingNodeSlot(ExistingNode n, List<SchedulingPod> daemonSets, List<NodePoolTemplate> pools) {
        this.source = n;
        this.name = n.name();
        this.labels = new LinkedHashMap<>(n.labels());
        this.hostname = labels.getOrDefault(Labels.HOSTNAME, n.name());
        this.labels.putIfAbsent(Labels.HOSTNAME, hostname);
        this.initialized = n.initialized();
        this.allocatable = n.allocatable();
        this.boundPods = n.pods();
        List<Taint> effective = new ArrayList<>();
        List<Taint> startup = List.of();
        for (NodePoolTemplate p : pools) {
            if (p.name().equals(n.nodePool())) {
                startup = p.startupTaints();
            }
        }
        for (Taint t : n.taints()) {
            if (!n.initialized() && n.nodePool() != null
                    && (EPHEMERAL_TAINT_KEYS.contains(t.key()) || startup.contains(t))) {
                continue;
            }
            effective.add(t);
        }
        this.taints = effective;
        this.requirements = Requirements.fromLabels(labels);
        ResourceList room = n.allocatable();
        Set<String> running = new HashSet<>();
        for (SchedulingPod p : n.pods()) {
            if (!p.terminal()) {
                room = room.minus(p.requests());
                ports.addAll(p.hostPorts());
            }
            if (p.daemonSet() != null) {
                running.add(p.daemonSet());
            }
        }
        for (SchedulingPod ds : daemonSets) {
            if (ds.daemonSet() != null && running.contains(ds.daemonSet())) {
                continue;
            }
            if (Toleration.firstUntolerated(withoutPreferNoSchedule(effective), ds.tolerations()) != null) {
                continue;
            }
            if (requirements.compatible(ds.strictRequirements(), Set.of())) {
                room = room.minus(ds.requests());
            }
        }
        this.remainingRoom = room;
    }

    /** The Scheduler's check-and-commit: places the pod when it fits (resources first: the cheap, usual "no"). */
    boolean tryAdd(PodConstraints c, Topology topology) {
        if (!fitsResources(c.pod())) {
            return false;
        }
        Verdict v = verdict(c, topology);
        if (!v.fits()) {
            return false;
        }
        commit(c.pod(), v, topology);
        return true;
    }

    /** Every predicate, in kube-scheduler's filter order; the first failure wins. */
    Verdict verdict(PodConstraints c, Topology topology) {
        SchedulingPod pod = c.pod();
        Taint untolerated = Toleration.firstUntolerated(taints, c.tolerations());
        if (untolerated != null) {
            return new Verdict(NodeFit.Predicate.UNTOLERATED_TAINT, untolerated, null, null, null);
        }
        Requirements podReqs = c.requirements();
        if (!requirements.compatible(podReqs, Set.of())) {
            return Verdict.NODE_AFFINITY;
        }
        HostPort conflict = pod.hostPorts().isEmpty() ? null : HostPort.firstConflict(pod.hostPorts(), ports);
        if (conflict != null) {
            return new Verdict(NodeFit.Predicate.HOST_PORTS, null, conflict, null, null);
        }
        if (!fitsResources(pod)) {
            return Verdict.RESOURCES;
        }
        if (c.hasTopology() && pod.volumeAlternatives().isEmpty()) {
            // the node's domains are single values: a group that rules one out answers before requirements are copied
            TopologyGroup early = topology.rejectingGroup(c, requirements, hostname);
            if (early != null) {
                return new Verdict(topology.predicateOf(early), null, null, early, null);
            }
        }
        Requirements reqs = requirements.copy().addAll(podReqs);
        if (!pod.volumeAlternatives().isEmpty()) {
            boolean any = false;
            for (Requirements alt : pod.volumeAlternatives()) {
                if (reqs.compatible(alt, Set.of())) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return Verdict.VOLUME_TOPOLOGY;
            }
        }
        if (c.hasTopology()) {
            TopologyGroup failed = topology.addRequirements(c, reqs);
            if (failed != null) {
                return new Verdict(topology.predicateOf(failed), null, null, failed, null);
            }
        }
        return new Verdict(null, null, null, null, reqs);
    }

    boolean fitsResources(SchedulingPod pod) {
        return pod.requests().fitsIn(remainingRoom);
    }

    void commit(SchedulingPod pod, Verdict v, Topology topology) {
        if (undo != null) {
            ResourceList roomBefore = remainingRoom;
            int portsBefore = ports.size();
            undo.push(() -> {
                remainingRoom = roomBefore;
                ports.subList(portsBefore, ports.size()).clear();
                newPods.remove(newPods.size() - 1);
                newPodPlacements.remove(newPodPlacements.size() - 1);
            });
        }
        remainingRoom = remainingRoom.minus(pod.requests());
        ports.addAll(pod.hostPorts());
        newPods.add(pod);
        newPodPlacements.add(v.placed());
        if (topology != null) {
            topology.record(pod, v.placed(), taints);
        }
    }

    /** The shared-vocabulary explanation of a failed verdict for this pod. */
    ReasonMessage explain(PodConstraints c, Verdict v) {
        SchedulingPod pod = c.pod();
        return switch (v.failed()) {
            case UNTOLERATED_TAINT -> Reason.NODE_UNTOLERATED_TAINT.format(name, v.taint());
            case NODE_AFFINITY -> Reason.NODE_AFFINITY_MISMATCH.format(name,
                    requirements.compatibleError(c.requirements(), Set.of()));
            case HOST_PORTS -> Reason.HOST_PORT_CONFLICT.format(v.port().port(), "a pod on node " + name);
            case RESOURCES -> Reason.NODE_INSUFFICIENT_RESOURCES.format(name, insufficientText(pod));
            case VOLUME_TOPOLOGY -> Reason.VOLUME_ZONE_CONFLICT.format("of the pod", pod.volumeAlternatives(),
                    "node " + name + " cannot reach it");
            default -> Topology.describe(v.group());
        };
    }

    /** The resources the pod requests beyond what is left, e.g. "cpu" (pods count as the resource "pods"). */
    List<String> insufficient(SchedulingPod pod) {
        return pod.requests().exceeding(remainingRoom);
    }

    /** e.g. "cpu (requests 2, 1500m free), pods (requests 1, 0 free)". */
    private String insufficientText(SchedulingPod pod) {
        Map<String, String> need = pod.requests().format();
        Map<String, String> free = remainingRoom.floorAtZero().format();
        List<String> parts = new ArrayList<>();
        for (String k : insufficient(pod)) {
            parts.add(k + " (requests " + need.get(k) + ", " + free.getOrDefault(k, "0") + " free)");
        }
        return String.join(", ", parts);
    }

    static List<Taint> withoutPreferNoSchedule(List<Taint> taints) {
        List<Taint> out = new ArrayList<>();
        for (Taint t : taints) {
            if (!Taint.PREFER_NO_SCHEDULE.equals(t.effect())) {
                out.add(t);
            }
        }
        return out;
    }
}
