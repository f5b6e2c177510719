package io.kafkarpenter.model.scheduling;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The {@link Scheduler} as the disruption planner uses it: one cluster, built once, on which "what if these nodes
 * were removed and their pods rescheduled?" is asked many times. Each question costs what its own pods cost to
 * place, not what the cluster costs to build: the scheduler's state (room on nodes, topology counts, claims,
 * limits) is changed in place and every change is logged, so {@link #rollback} returns to any {@link #checkpoint}.
 *
 * <pre>{@code
 * ClusterSimulation sim = new ClusterSimulation(pools, nodes, daemonSets, options, wellKnown, movablePods);
 * int before = sim.checkpoint();
 * Outcome o = sim.remove(List.of("node-a"), movable::contains, List.of(), true, 1);
 * ... o.failures(), sim.newClaims(), sim.placementOf(pod) ...
 * sim.rollback(before);
 * }</pre>
 *
 * Placement is the scheduler's own (queue order, existing nodes first, then claims, then a new claim from the
 * first NodePool that accepts the pod); {@link #orderTargets} only changes which existing node is tried first.
 */
public final class ClusterSimulation {

    /** The pods a {@link #remove} or {@link #place} call placed or failed to place. */
    public record Outcome(List<SchedulingPod> pods, List<PodFailure> failures) {
        public boolean allPlaced() {
            return failures.isEmpty();
        }
    }

    private final Scheduler scheduler;
    private final UndoLog log = new UndoLog();
    private final Map<String, ExistingNodeSlot> slots = new HashMap<>();
    private Collection<String> refusing;
    private Collection<String> failing;

    /**
     * @param placeable every pod that may be placed later (pending pods and the pods of nodes that may be removed):
     *                  the topology gets a group for each of their constraints
     */
    public ClusterSimulation(List<NodePoolTemplate> pools, List<ExistingNode> nodes, List<SchedulingPod> daemonSets,
            SchedulerOptions options, Set<String> extraWellKnownLabels, Collection<SchedulingPod> placeable) {
        this.scheduler = new Scheduler(pools, nodes, daemonSets, options, extraWellKnownLabels);
        Map<SchedulingPod, PodFailure> ignored = new IdentityHashMap<>();
        scheduler.prepare(scheduler.validate(new ArrayList<>(placeable), ignored));
        scheduler.recordChanges(log);
        for (ExistingNodeSlot s : scheduler.slots()) {
            slots.put(s.name, s);
        }
    }

    /**
     * Existing nodes are tried in this order (initialized nodes always first; names not listed come last, by name).
     */
    public void orderTargets(List<String> names) {
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            rank.putIfAbsent(names.get(i), i);
        }
        scheduler.orderSlots(Comparator.comparing((ExistingNodeSlot s) -> !s.initialized)
                .thenComparingInt(s -> rank.getOrDefault(s.name, Integer.MAX_VALUE))
                .thenComparing(s -> s.name));
    }

    /**
     * These nodes (and no others) decline moved pods from now on; pending pods may still use them. Passing the same
     * collection object again costs nothing (do not change it in between).
     */
    public void refuseMovedPods(Collection<String> names) {
        if (names == refusing) {
            return;
        }
        refusing = names;
        for (ExistingNodeSlot s : slots.values()) {
            s.refusesMovedPods = false;
        }
        for (String n : names) {
            ExistingNodeSlot s = slots.get(n);
            if (s != null) {
                s.refusesMovedPods = true;
            }
        }
    }

    /**
     * A moved pod that would land on one of these nodes (and no others) fails instead of being placed, as in
     * Karpenter, where a disruption that relies on an uninitialized node is an error. Passing the same collection
     * object again costs nothing.
     */
    public void failMovedPods(Collection<String> names) {
        if (names == failing) {
            return;
        }
        failing = names;
        for (ExistingNodeSlot s : slots.values()) {
            s.failsMovedPods = false;
        }
        for (String n : names) {
            ExistingNodeSlot s = slots.get(n);
            if (s != null) {
                s.failsMovedPods = true;
            }
        }
    }

    public int checkpoint() {
        return log.mark();
    }

    /** Undoes everything since the checkpoint. */
    public void rollback(int checkpoint) {
        log.rollback(checkpoint);
    }

    /**
     * Removes the nodes and places the pods that must move (their bound pods {@code movable} accepts, and pods
     * earlier calls placed on them) together with {@code extraPods}.
     *
     * @param moved      whether the pods count as moved (nodes that refuse moved pods decline them); pods of deleting
     *                   nodes and pending pods do not
     * @param claimLimit how many open claims there may be when the call ends (0: existing nodes only)
     */
    public Outcome remove(Collection<String> nodeNames, Predicate<SchedulingPod> movable, List<SchedulingPod> extraPods,
            boolean moved, int claimLimit) {
        List<SchedulingPod> pods = new ArrayList<>();
        for (String name : nodeNames) {
            ExistingNodeSlot s = slots.get(name);
            if (s == null) {
                throw new IllegalArgumentException("no node " + name + " in the simulation");
            }
            pods.addAll(scheduler.close(s, movable));
        }
        pods.addAll(extraPods);
        return place(pods, moved, claimLimit);
    }

    /** Places pods without removing a node. */
    public Outcome place(List<SchedulingPod> pods, boolean moved, int claimLimit) {
        Map<SchedulingPod, PodFailure> failures = new IdentityHashMap<>();
        List<SchedulingPod> valid = scheduler.validate(pods, failures);
        scheduler.placingMovedPods = moved;
        scheduler.claimLimit = claimLimit;
        try {
            scheduler.place(valid, failures);
        } finally {
            scheduler.placingMovedPods = false;
            scheduler.claimLimit = Integer.MAX_VALUE;
        }
        List<PodFailure> failed = new ArrayList<>();
        for (SchedulingPod p : pods) {
            PodFailure f = failures.get(p);
            if (f != null) {
                failed.add(f);
            }
        }
        return new Outcome(List.copyOf(pods), failed);
    }

    /**
     * Makes the current state the base: the claims opened so far are kept (as capacity being provisioned for pending
     * pods) but take no moved pod, and the history is dropped (no rollback before this point).
     */
    public void settle() {
        scheduler.sealClaims();
        log.clear();
    }

    /** Claims opened since {@link #settle}: replacements, cheapest types first. */
    public List<PlannedNodeClaim> newClaims() {
        return scheduler.openClaims();
    }

    /** Claims opened before {@link #settle} (for pending pods and pods of deleting nodes). */
    public List<PlannedNodeClaim> settledClaims() {
        return scheduler.sealedClaims();
    }

    /** The node or claim name the simulation placed the pod on; null when it placed it nowhere. */
    public String placementOf(SchedulingPod pod) {
        return scheduler.placementOf(pod);
    }

    public boolean isRemoved(String nodeName) {
        ExistingNodeSlot s = slots.get(nodeName);
        return s != null && s.closed;
    }
}
