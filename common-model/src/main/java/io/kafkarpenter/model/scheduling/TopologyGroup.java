package io.kafkarpenter.model.scheduling;

import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.requirements.Operator;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.requirements.Requirements;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Counts of selected pods per domain of one topology key (Karpenter's TopologyGroup) and the choice of the next
 * domain for a pod. See DESIGN.md in this package.
 */
final class TopologyGroup {

    enum Type { SPREAD, AFFINITY, ANTI_AFFINITY }

    private final Type type;
    private final String key;
    /** null = every namespace. */
    private final Set<String> namespaces;
    /** null = selects nothing. */
    private final LabelSelector selector;
    private final int maxSkew;
    private final Integer minDomains;
    private final NodeFilter filter;
    private final Map<String, Integer> counts = new HashMap<>();
    private final TreeSet<String> domains = new TreeSet<>();
    private final TreeSet<String> nonEmpty = new TreeSet<>();

    TopologyGroup(Type type, String key, Set<String> namespaces, LabelSelector selector, int maxSkew,
            Integer minDomains, NodeFilter filter) {
        this.type = type;
        this.key = key;
        this.namespaces = namespaces;
        this.selector = selector;
        this.maxSkew = maxSkew;
        this.minDomains = minDomains;
        this.filter = filter;
    }

    Type type() {
        return type;
    }

    String key() {
        return key;
    }

    int maxSkew() {
        return maxSkew;
    }

    NodeFilter filter() {
        return filter;
    }

    int count(String domain) {
        return counts.getOrDefault(domain, 0);
    }

    /** Makes a domain known with count 0 (no-op when known). */
    void register(String domain) {
        if (counts.putIfAbsent(domain, 0) == null) {
            domains.add(domain);
        }
    }

    void record(String domain) {
        register(domain);
        counts.merge(domain, 1, Integer::sum);
        nonEmpty.add(domain);
    }

    /** Takes back one {@link #record} (a pod leaves the domain); the domain stays known. */
    void unrecord(String domain) {
        Integer count = counts.get(domain);
        if (count == null || count == 0) {
            throw new IllegalStateException("no pod counted in domain " + domain + " of " + key);
        }
        counts.put(domain, count - 1);
        if (count == 1) {
            nonEmpty.remove(domain);
        }
    }

    /**
     * Whether placing the pod in this single, known domain surely fails the group: the same answer {@link #next}
     * would give for a node whose domain is exactly {@code domain}, computed without building requirements.
     */
    boolean rejectsDomain(SchedulingPod pod, Requirement podDomains, String domain) {
        Integer count = counts.get(domain);
        if (count == null) {
            return false; // unknown domain: let the full check decide
        }
        switch (type) {
            case ANTI_AFFINITY:
                return count > 0 || !podDomains.has(domain);
            case SPREAD:
                return (long) count + (selects(pod) ? 1 : 0) - minCount(podDomains) > maxSkew;
            default:
                if (anyPodIn(podDomains)) {
                    return count == 0 || !podDomains.has(domain);
                }
                return !selects(pod); // no pod yet: only a self-selecting pod may start the group here
        }
    }

    /**
     * The domains a node narrowed to a single domain may have for this pod (null = cannot be told here): exactly
     * those for which {@link #rejectsDomain} is false.
     */
    java.util.Set<String> allowedDomains(SchedulingPod pod, Requirement podDomains) {
        java.util.Set<String> out = new java.util.HashSet<>();
        switch (type) {
            case ANTI_AFFINITY:
                for (String d : domains) {
                    if (counts.get(d) == 0 && podDomains.has(d)) {
                        out.add(d);
                    }
                }
                return out;
            case SPREAD: {
                long min = minCount(podDomains);
                int self = selects(pod) ? 1 : 0;
                for (Map.Entry<String, Integer> e : counts.entrySet()) {
                    if (e.getValue() + self - min <= maxSkew) {
                        out.add(e.getKey());
                    }
                }
                return out;
            }
            default:
                if (!anyPodIn(podDomains)) {
                    return null; // bootstrap: any domain
                }
                for (String d : nonEmpty) {
                    if (podDomains.has(d)) {
                        out.add(d);
                    }
                }
                return out;
        }
    }

    /** Whether some domain the pod may use already holds a selected pod. */
    boolean anyPodIn(Requirement podDomains) {
        for (String d : nonEmpty) {
            if (podDomains.has(d)) {
                return true;
            }
        }
        return false;
    }

    /** Whether any domain holds a matching pod. */
    boolean anyPod() {
        return !nonEmpty.isEmpty();
    }

    /** The smallest count over the domains the pod may use, as the skew check takes it. */
    int minimum(Requirement podDomains) {
        return minCount(podDomains);
    }

    /** Whether the group's selector and namespaces select this pod. */
    boolean selects(SchedulingPod pod) {
        return selector != null && (namespaces == null || namespaces.contains(pod.namespace()))
                && selector.matches(pod.labels());
    }

    /** Whether the pod counts for this group when placed on a node with these requirements and taints. */
    boolean counts(SchedulingPod pod, Requirements nodeRequirements, List<Taint> taints) {
        return selects(pod) && (filter == null || filter.matches(nodeRequirements, taints));
    }

    /** The domains the pod may use for this group, as a requirement on the key (DoesNotExist when none). */
    Requirement next(SchedulingPod pod, Requirement podDomains, Requirement nodeDomains) {
        switch (type) {
            case SPREAD:
                return nextSpread(pod, podDomains, nodeDomains);
            case AFFINITY:
                return nextAffinity(pod, podDomains, nodeDomains);
            default:
                return nextAntiAffinity(podDomains, nodeDomains);
        }
    }

    private Iterable<String> candidates(Requirement nodeDomains) {
        if (nodeDomains.operator() == Operator.In) {
            List<String> out = new ArrayList<>();
            for (String d : nodeDomains.values()) {
                if (counts.containsKey(d)) {
                    out.add(d);
                }
            }
            return out;
        }
        return domains;
    }

    private Requirement nextSpread(SchedulingPod pod, Requirement podDomains, Requirement nodeDomains) {
        int min = minCount(podDomains);
        int self = selects(pod) ? 1 : 0;
        String best = null;
        int bestCount = Integer.MAX_VALUE;
        for (String d : candidates(nodeDomains)) {
            if (!nodeDomains.has(d)) {
                continue;
            }
            int c = counts.get(d) + self;
            if ((long) c - min <= maxSkew && c < bestCount) {
                best = d;
                bestCount = c;
            }
        }
        return best == null ? Requirement.doesNotExist(key) : Requirement.in(key, best);
    }

    /** Minimum count over the domains the pod supports; 0 for hostname (a new node is always possible). */
    private int minCount(Requirement podDomains) {
        if (Labels.HOSTNAME.equals(key)) {
            return 0;
        }
        int min = Integer.MAX_VALUE;
        int supported = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (podDomains.has(e.getKey())) {
                supported++;
                min = Math.min(min, e.getValue());
            }
        }
        if (minDomains != null && supported < minDomains) {
            return 0;
        }
        return min;
    }

    private Requirement nextAffinity(SchedulingPod pod, Requirement podDomains, Requirement nodeDomains) {
        List<String> options = new ArrayList<>();
        for (String d : nonEmpty) {
            if (podDomains.has(d)) {
                options.add(d);
            }
        }
        if (options.isEmpty() && selects(pod)) {
            // bootstrap a self-selecting group: prefer a domain the node already allows, else the first viable one
            Requirement both = podDomains.intersection(nodeDomains);
            for (String d : domains) {
                if (both.has(d)) {
                    options.add(d);
                    break;
                }
            }
            for (String d : domains) {
                if (podDomains.has(d)) {
                    if (!options.contains(d)) {
                        options.add(d);
                    }
                    break;
                }
            }
        }
        return options.isEmpty() ? Requirement.doesNotExist(key) : Requirement.of(key, Operator.In, options);
    }

    private Requirement nextAntiAffinity(Requirement podDomains, Requirement nodeDomains) {
        if (nonEmpty.size() == domains.size()) {
            return Requirement.doesNotExist(key);
        }
        List<String> options = new ArrayList<>();
        for (String d : candidates(nodeDomains)) {
            if (counts.get(d) == 0 && podDomains.has(d) && nodeDomains.has(d)) {
                options.add(d);
            }
        }
        return options.isEmpty() ? Requirement.doesNotExist(key) : Requirement.of(key, Operator.In, options);
    }

    /** Counts of up to {@code max} domains, for explanations. */
    String describeCounts(int max) {
        StringBuilder sb = new StringBuilder("{");
        int n = 0;
        for (String d : domains) {
            if (n++ == max) {
                sb.append(", ...");
                break;
            }
            if (n > 1) {
                sb.append(", ");
            }
            sb.append(d).append('=').append(counts.get(d));
        }
        return sb.append('}').toString();
    }

    /**
     * Which nodes take part in a spread constraint: those matching the pod's node selector and one of its required
     * node-affinity terms (nodeAffinityPolicy Honor), and whose taints it tolerates (nodeTaintsPolicy Honor).
     */
    record NodeFilter(List<Requirements> terms, List<Toleration> tolerations) {

        boolean matches(Requirements nodeRequirements, List<Taint> taints) {
            if (tolerations != null && Toleration.firstUntolerated(effective(taints), tolerations) != null) {
                return false;
            }
            if (terms.isEmpty()) {
                return true;
            }
            for (Requirements t : terms) {
                if (nodeRequirements.compatible(t, Labels.WELL_KNOWN)) {
                    return true;
                }
            }
            return false;
        }

        boolean matchesNode(Map<String, String> labels, List<Taint> taints) {
            if (tolerations != null && Toleration.firstUntolerated(effective(taints), tolerations) != null) {
                return false;
            }
            if (terms.isEmpty()) {
                return true;
            }
            Requirements nodeReqs = Requirements.fromLabels(labels);
            for (Requirements t : terms) {
                if (nodeReqs.compatible(t, Set.of())) {
                    return true;
                }
            }
            return false;
        }

        private static List<Taint> effective(List<Taint> taints) {
            List<Taint> out = new ArrayList<>();
            for (Taint t : taints) {
                if (!Taint.PREFER_NO_SCHEDULE.equals(t.effect())) {
                    out.add(t);
                }
            }
            return out;
        }

        String canonical() {
            List<String> parts = new ArrayList<>();
            for (Requirements r : terms) {
                parts.add(r.toString());
            }
            java.util.Collections.sort(parts);
            return parts + (tolerations == null ? "" : "|taints:" + tolerations);
        }
    }
}
