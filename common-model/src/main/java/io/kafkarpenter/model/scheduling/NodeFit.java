package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.model.resources.ResourceList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * "Does this pod fit this existing node?" — kube-scheduler's filter question, answered with the very predicates the
 * {@link Scheduler} uses for existing nodes (Karpenter's {@code ExistingNode.CanAdd}, karpenter-core §2.4), not a
 * second implementation. In kube-scheduler's filter order:
 * <ol>
 *   <li>{@link Predicate#UNTOLERATED_TAINT} — NoSchedule/NoExecute taints (PreferNoSchedule does not filter);</li>
 *   <li>{@link Predicate#NODE_AFFINITY} — nodeSelector and required node affinity (terms ORed);</li>
 *   <li>{@link Predicate#HOST_PORTS} — host ports of the pods on the node;</li>
 *   <li>{@link Predicate#RESOURCES} — allocatable minus the requests of the non-terminal pods on it (and
 *       {@code pods: 1} per pod);</li>
 *   <li>{@link Predicate#VOLUME_TOPOLOGY} — zones the pod's volumes can reach;</li>
 *   <li>topology: DoNotSchedule spread, required pod affinity / anti-affinity, and the required anti-affinity of the
 *       pods already on the nodes ({@link Predicate#EXISTING_PODS_ANTI_AFFINITY}).</li>
 * </ol>
 * Preferences (preferred affinity, ScheduleAnyway spread) are kube-scheduler scores, not filters: ignored here.
 *
 * <p>One instance holds a snapshot of the cluster's nodes and their bound pods; {@link #place} counts a placement
 * so that later checks in the same pass see it (resources, ports, topology). Topology (spread domains, the pods a
 * pod must be near or away from) is computed over all the nodes of the snapshot. Not thread-safe.
 *
 * <pre>{@code
 * NodeFit fit = new NodeFit(nodes);
 * SchedulingPod pod = EngineInputs.pod(view);   // io.kafkarpenter.model.inputs
 * Map<String, Optional<NodeFit.Misfit>> outcome = fit.checkAll(pod);   // per node, name order
 * fit.place(pod, "node-b");
 * }</pre>
 */
public final class NodeFit {

    /** The predicate a pod failed on a node, in kube-scheduler's filter order. */
    public enum Predicate {
        UNTOLERATED_TAINT, NODE_AFFINITY, HOST_PORTS, RESOURCES, VOLUME_TOPOLOGY, TOPOLOGY_SPREAD, POD_AFFINITY,
        POD_ANTI_AFFINITY, EXISTING_PODS_ANTI_AFFINITY
    }

    /**
     * Why a pod does not fit a node.
     *
     * @param reason                the shared-vocabulary explanation
     * @param taint                 the untolerated taint ({@link Predicate#UNTOLERATED_TAINT}), else null
     * @param hostPort              the pod's conflicting port ({@link Predicate#HOST_PORTS}), else null
     * @param insufficientResources the resources short ({@link Predicate#RESOURCES}: "cpu", "memory", "pods", ...),
     *                              else empty
     */
    public record Misfit(String node, Predicate predicate, ReasonMessage reason, Taint taint, HostPort hostPort,
            List<String> insufficientResources) {
        public Misfit {
            insufficientResources = insufficientResources == null ? List.of() : List.copyOf(insufficientResources);
        }
    }

    private final Map<String, ExistingNodeSlot> slots = new LinkedHashMap<>();

    /** @param nodes the cluster's nodes with the pods bound to them (names must be unique) */
    public NodeFit(List<ExistingNode> nodes) {
        List<ExistingNode> sorted = new ArrayList<>(nodes);
        sorted.sort(Comparator.comparing(ExistingNode::name));
        for (ExistingNode n : sorted) {
            if (slots.put(n.name(), new ExistingNodeSlot(n, List.of(), List.of())) != null) {
                throw new IllegalArgumentException("node " + n.name() + " is listed twice");
            }
        }
    }

    /** The node names, in name order. */
    public List<String> nodes() {
        return List.copyOf(slots.keySet());
    }

    /** Why the pod does not fit the node, or empty when it fits. */
    public Optional<Misfit> check(SchedulingPod pod, String node) {
        return check(pod, slot(node), topologyFor(pod));
    }

    /** {@link #check} for every node, in name order. */
    public Map<String, Optional<Misfit>> checkAll(SchedulingPod pod) {
        Topology topology = topologyFor(pod);
        Map<String, Optional<Misfit>> out = new LinkedHashMap<>();
        for (ExistingNodeSlot s : slots.values()) {
            out.put(s.name, check(pod, s, topology));
        }
        return out;
    }

    /**
     * Counts the pod on the node for later checks (its requests, host ports, and the topology it forms). Fails if the
     * pod does not fit: a placement is only ever made where {@link #check} says yes.
     */
    public void place(SchedulingPod pod, String node) {
        ExistingNodeSlot s = slot(node);
        Topology topology = topologyFor(pod);
        PodConstraints c = PodConstraints.hard(pod, topology);
        while (true) {
            ExistingNodeSlot.Verdict v = s.verdict(c, topology);
            if (v.fits()) {
                s.commit(pod, v, null); // later checks rebuild topology from the nodes' pods, this one included
                return;
            }
            if (!c.nextRequiredTerm()) {
                throw new IllegalArgumentException("pod " + pod.key() + " does not fit node " + node + ": "
                        + s.explain(c, v).text());
            }
        }
    }

    /** The node's allocatable resources. */
    public ResourceList allocatable(String node) {
        return slot(node).allocatable;
    }

    /** What is left on the node: allocatable minus the requests of its non-terminal and placed pods. */
    public ResourceList free(String node) {
        return slot(node).remainingRoom;
    }

    private Optional<Misfit> check(SchedulingPod pod, ExistingNodeSlot s, Topology topology) {
        PodConstraints c = PodConstraints.hard(pod, topology);
        Misfit deepest = null;
        while (true) {
            ExistingNodeSlot.Verdict v = s.verdict(c, topology);
            if (v.fits()) {
                return Optional.empty();
            }
            if (deepest == null || v.failed().ordinal() > deepest.predicate().ordinal()) {
                deepest = new Misfit(s.name, v.failed(), s.explain(c, v), v.taint(), v.port(),
                        v.failed() == Predicate.RESOURCES ? s.insufficient(pod) : List.of());
            }
            if (!c.nextRequiredTerm()) {
                return Optional.of(deepest);
            }
        }
    }

    /** Topology groups of this pod, seeded with every node's domains and pods (bound and placed). */
    private Topology topologyFor(SchedulingPod pod) {
        if (pod.spread().isEmpty() && pod.requiredAffinity().isEmpty() && pod.requiredAntiAffinity().isEmpty()
                && !anyPodHasAntiAffinity()) {
            return new Topology(new Domains(), List.of(), List.of(pod));
        }
        List<Topology.NodeView> views = new ArrayList<>();
        for (ExistingNodeSlot s : slots.values()) {
            List<SchedulingPod> pods = new ArrayList<>(s.boundPods);
            pods.addAll(s.newPods);
            views.add(new Topology.NodeView(s.name, s.labels, s.taints, pods));
        }
        return new Topology(new Domains(), views, List.of(pod));
    }

    private boolean anyPodHasAntiAffinity() {
        for (ExistingNodeSlot s : slots.values()) {
            for (SchedulingPod p : s.boundPods) {
                if (!p.terminal() && !p.requiredAntiAffinity().isEmpty()) {
                    return true;
                }
            }
            for (SchedulingPod p : s.newPods) {
                if (!p.requiredAntiAffinity().isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    private ExistingNodeSlot slot(String node) {
        ExistingNodeSlot s = slots.get(node);
        if (s == null) {
            throw new IllegalArgumentException("no node " + node);
        }
        return s;
    }
}
