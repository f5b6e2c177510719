package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;

import java.util.ArrayList;
import java.util.List;

/**
 * The constraints one scheduling attempt of a pod uses, and Karpenter's preference relaxation
 * ({@code preferences.go}): preferences start as requirements and are dropped one per failed attempt, in this order:
 * <ol>
 *   <li>the first required node-affinity term, while more than one remains (terms are ORed);</li>
 *   <li>the heaviest preferred pod-affinity term;</li>
 *   <li>the heaviest preferred pod-anti-affinity term;</li>
 *   <li>the heaviest preferred node-affinity term;</li>
 *   <li>one ScheduleAnyway topology spread constraint;</li>
 *   <li>finally a toleration of every PreferNoSchedule taint (only when some NodePool has one).</li>
 * </ol>
 */
final class PodConstraints {

    private final SchedulingPod pod;
    private final List<Requirements> requiredTerms;
    private final List<SchedulingPod.PreferredTerm> preferredTerms;
    private final List<PodAffinityTerm> preferredAffinity;
    private final List<PodAffinityTerm> preferredAntiAffinity;
    private final List<SpreadConstraint> spread;
    private final List<Toleration> tolerations;
    private boolean toleratesPreferNoSchedule;
    private Requirements strict;
    private Requirements full;
    private final Topology topology;
    private List<TopologyGroup> groups;

    PodConstraints(SchedulingPod pod, PreferencePolicy policy, Topology topology) {
        this.pod = pod;
        this.topology = topology;
        this.requiredTerms = pod.requiredTerms() == null ? new ArrayList<>() : new ArrayList<>(pod.requiredTerms());
        boolean respect = policy == PreferencePolicy.Respect;
        this.preferredTerms = respect ? new ArrayList<>(pod.preferredTerms()) : new ArrayList<>();
        this.preferredAffinity = respect ? new ArrayList<>(pod.preferredAffinity()) : new ArrayList<>();
        this.preferredAntiAffinity = respect ? new ArrayList<>(pod.preferredAntiAffinity()) : new ArrayList<>();
        this.spread = new ArrayList<>();
        for (SpreadConstraint s : pod.spread()) {
            if (s.doNotSchedule() || respect) {
                spread.add(s);
            }
        }
        this.tolerations = new ArrayList<>(pod.tolerations());
    }

    SchedulingPod pod() {
        return pod;
    }

    /** nodeSelector + the current first required term (no preferences): the pod's own domains for topology. */
    Requirements strict() {
        if (strict == null) {
            if (requiredTerms.isEmpty() || (pod.requiredTerms() != null && requiredTerms.get(0) == pod.requiredTerms().get(0))) {
                strict = pod.strictRequirements();
            } else {
                Requirements r = new Requirements();
                pod.nodeSelector().forEach((k, v) -> r.add(Requirement.in(k, v)));
                r.addAll(requiredTerms.get(0));
                strict = r;
            }
        }
        return strict;
    }

    /** strict + the heaviest remaining preferred node-affinity term. Shared: do not mutate. */
    Requirements requirements() {
        if (full == null) {
            if (preferredTerms.isEmpty()) {
                full = strict();
            } else {
                full = strict().copy().addAll(preferredTerms.get(0).requirements());
            }
        }
        return full;
    }

    List<SpreadConstraint> spread() {
        return spread;
    }

    List<PodAffinityTerm> preferredAffinity() {
        return preferredAffinity;
    }

    List<PodAffinityTerm> preferredAntiAffinity() {
        return preferredAntiAffinity;
    }

    List<Toleration> tolerations() {
        return tolerations;
    }

    /** The topology groups that constrain this attempt (computed once per attempt). */
    List<TopologyGroup> topologyGroups() {
        if (groups == null) {
            groups = topology.matching(this);
        }
        return groups;
    }

    boolean hasTopology() {
        return !topologyGroups().isEmpty();
    }

    /**
     * Only what kube-scheduler filters on: required terms, DoNotSchedule spread, required pod (anti-)affinity, and
     * every PreferNoSchedule taint tolerated (preferences are scores there, not filters).
     */
    static PodConstraints hard(SchedulingPod pod, Topology topology) {
        PodConstraints c = new PodConstraints(pod, PreferencePolicy.Ignore, topology);
        c.toleratesPreferNoSchedule = true;
        c.tolerations.add(new Toleration("", "Exists", "", Taint.PREFER_NO_SCHEDULE));
        return c;
    }

    /** Moves on to the next required node-affinity term (terms are ORed); false when this was the last. */
    boolean nextRequiredTerm() {
        if (requiredTerms.size() <= 1) {
            return false;
        }
        requiredTerms.remove(0);
        strict = null;
        full = null;
        groups = null;
        return true;
    }

    /** Drops one preference; false when nothing is left to relax. */
    boolean relax(boolean toleratePreferNoSchedule) {
        strict = null;
        full = null;
        groups = null;
        if (requiredTerms.size() > 1) {
            requiredTerms.remove(0);
            return true;
        }
        if (!preferredAffinity.isEmpty()) {
            preferredAffinity.remove(0);
            return true;
        }
        if (!preferredAntiAffinity.isEmpty()) {
            preferredAntiAffinity.remove(0);
            return true;
        }
        if (!preferredTerms.isEmpty()) {
            preferredTerms.remove(0);
            return true;
        }
        for (int i = 0; i < spread.size(); i++) {
            if (!spread.get(i).doNotSchedule()) {
                spread.remove(i);
                return true;
            }
        }
        if (toleratePreferNoSchedule && !toleratesPreferNoSchedule) {
            toleratesPreferNoSchedule = true;
            tolerations.add(new Toleration("", "Exists", "", Taint.PREFER_NO_SCHEDULE));
            return true;
        }
        return false;
    }
}
