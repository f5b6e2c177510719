package io.kafkarpenter.sandbox.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimConditions;

/**
 * Watches, event by event (informers, not samples), what a disruption budget and a PodDisruptionBudget bound: per
 * NodePool, the most NodeClaims and the most Nodes being disrupted at the same time, and per app, the fewest pods
 * Ready at any moment since {@link #watchReady} was called.
 *
 * <p>A NodeClaim is disrupting when it has a deletionTimestamp, the {@code DisruptionReason} condition or the
 * launcher's {@code kafkarpenter.io/termination-reason} annotation; a Node when it has a deletionTimestamp or the
 * {@code karpenter.sh/disrupted} taint.
 */
final class DisruptionWatch implements AutoCloseable {

    private static final String NODEPOOL = "karpenter.sh/nodepool";

    private final SharedIndexInformer<NodeClaim> claims;
    private final SharedIndexInformer<Node> nodes;
    private final SharedIndexInformer<Pod> pods;
    /** pool → the most NodeClaims / Nodes disrupting at once, and every name ever seen disrupting. */
    private final Map<String, Integer> maxClaims = new ConcurrentHashMap<>();
    private final Map<String, Integer> maxNodes = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> everClaims = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> overlaps = new ConcurrentHashMap<>();
    /** app → the fewest Ready pods seen since watchReady. */
    private final Map<String, Integer> minReady = new ConcurrentHashMap<>();

    DisruptionWatch(KubernetesClient kube) {
        claims = kube.resources(NodeClaim.class).inform(handler(c -> countClaims(poolOf(c))));
        nodes = kube.nodes().inform(handler(n -> countNodes(poolOf(n))));
        pods = kube.pods().inNamespace(Sandbox.NAMESPACE).inform(handler(p -> countReady()));
    }

    private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> onChange) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                onChange.accept(obj);
            }

            @Override
            public void onUpdate(T before, T obj) {
                onChange.accept(obj);
            }

            @Override
            public void onDelete(T obj, boolean finalStateUnknown) {
                onChange.accept(obj);
            }
        };
    }

    static boolean disrupting(NodeClaim c) {
        return c.getMetadata().getDeletionTimestamp() != null
            || NodeClaimConditions.find(c, NodeClaimConditions.DISRUPTION_REASON).isPresent()
            || annotations(c).containsKey(DisruptionKeys.TERMINATION_REASON);
    }

    static boolean disrupting(Node n) {
        return n.getMetadata().getDeletionTimestamp() != null || (n.getSpec().getTaints() != null
            && n.getSpec().getTaints().stream().anyMatch(t -> DisruptionKeys.DISRUPTED_TAINT.equals(t.getKey())));
    }

    private synchronized void countClaims(String pool) {
        if (pool == null) {
            return;
        }
        List<String> now = claims.getStore().list().stream().filter(c -> pool.equals(poolOf(c)))
            .filter(DisruptionWatch::disrupting).map(c -> c.getMetadata().getName()).sorted().toList();
        maxClaims.merge(pool, now.size(), Math::max);
        everClaims.computeIfAbsent(pool, p -> new TreeSet<>()).addAll(now);
        if (now.size() > 1) {
            overlaps.computeIfAbsent(pool, p -> new TreeSet<>()).add(String.join("+", now));
        }
    }

    private synchronized void countNodes(String pool) {
        if (pool == null) {
            return;
        }
        long now = nodes.getStore().list().stream().filter(n -> pool.equals(poolOf(n)))
            .filter(DisruptionWatch::disrupting).count();
        maxNodes.merge(pool, (int) now, Math::max);
    }

    private synchronized void countReady() {
        for (String app : minReady.keySet()) {
            minReady.merge(app, readyNow(app), Math::min);
        }
    }

    /** From now on, the fewest Ready pods of the app is tracked (starting at the count now). */
    synchronized void watchReady(String app) {
        minReady.put(app, readyNow(app));
    }

    /** Stops tracking the app; returns the fewest Ready pods seen. */
    synchronized int stopWatchingReady(String app) {
        Integer min = minReady.remove(app);
        return min == null ? -1 : min;
    }

    int readyNow(String app) {
        return (int) pods.getStore().list().stream()
            .filter(p -> p.getMetadata().getLabels() != null && app.equals(p.getMetadata().getLabels().get("app")))
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null && isReady(p)).count();
    }

    static boolean isReady(Pod p) {
        return p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) && p.getStatus().getConditions() != null
            && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    int maxDisruptingClaims(String pool) {
        return maxClaims.getOrDefault(pool, 0);
    }

    int maxDisruptingNodes(String pool) {
        return maxNodes.getOrDefault(pool, 0);
    }

    /** NodeClaims of the pool seen disrupting, in name order. */
    List<String> disruptedClaims(String pool) {
        return new ArrayList<>(everClaims.getOrDefault(pool, Collections.emptySet()));
    }

    /** The sets of NodeClaims of the pool seen disrupting together. */
    Set<String> overlaps(String pool) {
        return overlaps.getOrDefault(pool, Collections.emptySet());
    }

    private static String poolOf(HasMetadata o) {
        return o.getMetadata().getLabels() == null ? null : o.getMetadata().getLabels().get(NODEPOOL);
    }

    private static Map<String, String> annotations(HasMetadata o) {
        return o.getMetadata().getAnnotations() == null ? Map.of() : o.getMetadata().getAnnotations();
    }

    @Override
    public void close() {
        claims.close();
        nodes.close();
        pods.close();
    }
}
