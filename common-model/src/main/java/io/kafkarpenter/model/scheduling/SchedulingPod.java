package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.resources.ResourceList;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A pod as the scheduler sees it: requests already computed (PodRequests), node selection as requirements,
 * tolerations, topology spread, pod (anti-)affinity, host ports and volume topology. Immutable.
 */
public final class SchedulingPod {

    /** A preferred node-affinity term. */
    public record PreferredTerm(int weight, Requirements requirements) {
    }

    private final String namespace;
    private final String name;
    private final String uid;
    private final Map<String, String> labels;
    private final ResourceList requests;
    private final Map<String, String> nodeSelector;
    private final List<Requirements> requiredTerms;
    private final List<PreferredTerm> preferredTerms;
    private final List<Toleration> tolerations;
    private final List<SpreadConstraint> spread;
    private final List<PodAffinityTerm> requiredAffinity;
    private final List<PodAffinityTerm> requiredAntiAffinity;
    private final List<PodAffinityTerm> preferredAffinity;
    private final List<PodAffinityTerm> preferredAntiAffinity;
    private final List<HostPort> hostPorts;
    private final List<Requirements> volumeAlternatives;
    private final String volumeError;
    private final long creationOrder;
    private final boolean usesMatchFields;
    private final boolean terminal;
    private final String daemonSet;
    private final String ignoredBecause;
    private final Requirements strictRequirements;

    private SchedulingPod(Builder b) {
        this.namespace = b.namespace;
        this.name = b.name;
        this.uid = b.uid != null ? b.uid : b.namespace + "/" + b.name;
        this.labels = Map.copyOf(b.labels);
        this.requests = b.requests;
        this.nodeSelector = Map.copyOf(b.nodeSelector);
        this.requiredTerms = b.requiredTerms == null ? null : List.copyOf(b.requiredTerms);
        List<PreferredTerm> pref = new ArrayList<>(b.preferredTerms);
        pref.sort(Comparator.comparingInt(PreferredTerm::weight).reversed());
        this.preferredTerms = List.copyOf(pref);
        this.tolerations = List.copyOf(b.tolerations);
        this.spread = List.copyOf(b.spread);
        this.requiredAffinity = List.copyOf(b.requiredAffinity);
        this.requiredAntiAffinity = List.copyOf(b.requiredAntiAffinity);
        this.preferredAffinity = sortedByWeight(b.preferredAffinity);
        this.preferredAntiAffinity = sortedByWeight(b.preferredAntiAffinity);
        this.hostPorts = List.copyOf(b.hostPorts);
        this.volumeAlternatives = List.copyOf(b.volumeAlternatives);
        this.volumeError = b.volumeError;
        this.creationOrder = b.creationOrder;
        this.usesMatchFields = b.usesMatchFields;
        this.terminal = b.terminal;
        this.daemonSet = b.daemonSet;
        this.ignoredBecause = b.ignoredBecause;
        Requirements strict = new Requirements();
        nodeSelector.forEach((k, v) -> strict.add(Requirement.in(k, v)));
        if (requiredTerms != null && !requiredTerms.isEmpty()) {
            strict.addAll(requiredTerms.get(0));
        }
        this.strictRequirements = strict;
    }

    private static List<PodAffinityTerm> sortedByWeight(List<PodAffinityTerm> terms) {
        List<PodAffinityTerm> out = new ArrayList<>(terms);
        out.sort(Comparator.comparingInt(PodAffinityTerm::weight).reversed());
        return List.copyOf(out);
    }

    public static Builder builder(String namespace, String name) {
        return new Builder(namespace, name);
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    /** namespace/name. */
    public String key() {
        return namespace + "/" + name;
    }

    public String uid() {
        return uid;
    }

    public Map<String, String> labels() {
        return labels;
    }

    public ResourceList requests() {
        return requests;
    }

    public Map<String, String> nodeSelector() {
        return nodeSelector;
    }

    /** Required node-affinity terms (ORed), or null when the pod has no required node affinity. */
    public List<Requirements> requiredTerms() {
        return requiredTerms;
    }

    /** Preferred node-affinity terms, heaviest first. */
    public List<PreferredTerm> preferredTerms() {
        return preferredTerms;
    }

    public List<Toleration> tolerations() {
        return tolerations;
    }

    public List<SpreadConstraint> spread() {
        return spread;
    }

    public List<PodAffinityTerm> requiredAffinity() {
        return requiredAffinity;
    }

    public List<PodAffinityTerm> requiredAntiAffinity() {
        return requiredAntiAffinity;
    }

    /** Heaviest first. */
    public List<PodAffinityTerm> preferredAffinity() {
        return preferredAffinity;
    }

    /** Heaviest first. */
    public List<PodAffinityTerm> preferredAntiAffinity() {
        return preferredAntiAffinity;
    }

    public List<HostPort> hostPorts() {
        return hostPorts;
    }

    /** Volume topology alternatives (each a set of requirements the node must meet); empty when unconstrained. */
    public List<Requirements> volumeAlternatives() {
        return volumeAlternatives;
    }

    /** Why the pod's volumes make it unschedulable (e.g. a missing claim), or null. */
    public String volumeError() {
        return volumeError;
    }

    public long creationOrder() {
        return creationOrder;
    }

    public boolean usesMatchFields() {
        return usesMatchFields;
    }

    /** Succeeded/Failed or terminating: not counted for topology. */
    public boolean terminal() {
        return terminal;
    }

    /** The pod's dynamic resource claims when it has any (Karpenter skips such pods by default), else null. */
    public String ignoredBecause() {
        return ignoredBecause;
    }

    /** The DaemonSet (namespace/name) this pod belongs to, or null. */
    public String daemonSet() {
        return daemonSet;
    }

    /** nodeSelector + the first required node-affinity term (never the preferences). Shared: do not mutate. */
    public Requirements strictRequirements() {
        return strictRequirements;
    }

    @Override
    public String toString() {
        return key();
    }

    /** Builder with empty defaults. */
    public static final class Builder {
        private final String namespace;
        private final String name;
        private String uid;
        private Map<String, String> labels = new TreeMap<>();
        private ResourceList requests = ResourceList.builder().setUnits("pods", 1).build();
        private Map<String, String> nodeSelector = new TreeMap<>();
        private List<Requirements> requiredTerms;
        private final List<PreferredTerm> preferredTerms = new ArrayList<>();
        private final List<Toleration> tolerations = new ArrayList<>();
        private final List<SpreadConstraint> spread = new ArrayList<>();
        private final List<PodAffinityTerm> requiredAffinity = new ArrayList<>();
        private final List<PodAffinityTerm> requiredAntiAffinity = new ArrayList<>();
        private final List<PodAffinityTerm> preferredAffinity = new ArrayList<>();
        private final List<PodAffinityTerm> preferredAntiAffinity = new ArrayList<>();
        private final List<HostPort> hostPorts = new ArrayList<>();
        private final List<Requirements> volumeAlternatives = new ArrayList<>();
        private String volumeError;
        private long creationOrder;
        private boolean usesMatchFields;
        private boolean terminal;
        private String daemonSet;
        private String ignoredBecause;

        private Builder(String namespace, String name) {
            this.namespace = namespace == null || namespace.isEmpty() ? "default" : namespace;
            this.name = name;
        }

        public Builder uid(String v) {
            uid = v;
            return this;
        }

        public Builder labels(Map<String, String> v) {
            labels = new TreeMap<>(v);
            return this;
        }

        public Builder requests(ResourceList v) {
            requests = v;
            return this;
        }

        public Builder nodeSelector(Map<String, String> v) {
            nodeSelector = new TreeMap<>(v);
            return this;
        }

        public Builder requiredTerms(List<Requirements> v) {
            requiredTerms = v == null ? null : new ArrayList<>(v);
            return this;
        }

        public Builder preferredTerm(int weight, Requirements r) {
            preferredTerms.add(new PreferredTerm(weight, r));
            return this;
        }

        public Builder toleration(Toleration t) {
            tolerations.add(t);
            return this;
        }

        public Builder tolerations(List<Toleration> t) {
            tolerations.addAll(t);
            return this;
        }

        public Builder spread(SpreadConstraint s) {
            spread.add(s);
            return this;
        }

        public Builder requiredAffinity(PodAffinityTerm t) {
            requiredAffinity.add(t);
            return this;
        }

        public Builder requiredAntiAffinity(PodAffinityTerm t) {
            requiredAntiAffinity.add(t);
            return this;
        }

        public Builder preferredAffinity(PodAffinityTerm t) {
            preferredAffinity.add(t);
            return this;
        }

        public Builder preferredAntiAffinity(PodAffinityTerm t) {
            preferredAntiAffinity.add(t);
            return this;
        }

        public Builder hostPort(HostPort p) {
            hostPorts.add(p);
            return this;
        }

        public Builder volumeAlternatives(List<Requirements> alternatives) {
            volumeAlternatives.addAll(alternatives);
            return this;
        }

        public Builder volumeError(String e) {
            volumeError = e;
            return this;
        }

        public Builder creationOrder(long v) {
            creationOrder = v;
            return this;
        }

        public Builder usesMatchFields(boolean v) {
            usesMatchFields = v;
            return this;
        }

        public Builder terminal(boolean v) {
            terminal = v;
            return this;
        }

        public Builder ignoredBecause(String v) {
            ignoredBecause = v;
            return this;
        }

        public Builder daemonSet(String v) {
            daemonSet = v;
            return this;
        }

        public SchedulingPod build() {
            return new SchedulingPod(this);
        }
    }
}
