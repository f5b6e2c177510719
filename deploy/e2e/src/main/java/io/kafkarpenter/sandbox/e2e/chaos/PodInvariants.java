package io.kafkarpenter.sandbox.e2e.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.sandbox.e2e.Observer;
import io.kafkarpenter.sandbox.e2e.Sandbox;
import io.kafkarpenter.sandbox.kube.api.EvictionPolicy;

/**
 * The invariants about pods, watched event by event (informers): no pod of a PodDisruptionBudget removed while the
 * budget allowed no disruption (judged with the API server's own eviction rule, {@link EvictionPolicy}, on the pods
 * as they were just before), no node holding a {@code karpenter.sh/do-not-disrupt} pod tainted for a voluntary
 * disruption and no such pod removed from a node that is still there; and, from {@link ChaosSettings#SETTLE} after
 * the last fault, every pending pod bound or explained by a current decision on kk.decisions.
 *
 * <p>Losses the run caused are involuntary and not judged: pods of a node it deleted or whose instance it interrupted
 * once that node is gone, or that node's disruption taint.
 */
final class PodInvariants implements AutoCloseable {

    static final String PDB = "no eviction while the PDB allowed none";
    static final String DO_NOT_DISRUPT = "no voluntary drain of a do-not-disrupt pod's node";
    static final String PENDING = "pending pods bound or explained 60 s after the last fault";

    private final KubernetesClient kube;
    private final ChaosLedger ledger;
    private final InvariantTable table;
    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final Set<String> taintedSeen = ConcurrentHashMap.newKeySet();
    private final SharedIndexInformer<Pod> podInformer;
    private final SharedIndexInformer<Node> nodeInformer;

    PodInvariants(KubernetesClient kube, ChaosLedger ledger, InvariantTable table) {
        this.kube = kube;
        this.ledger = ledger;
        this.table = table;
        nodeInformer = kube.nodes().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node n) {
                onNode(n);
            }

            @Override
            public void onUpdate(Node before, Node n) {
                onNode(n);
            }

            @Override
            public void onDelete(Node n, boolean unknown) {
                nodes.remove(n.getMetadata().getName());
            }
        });
        podInformer = kube.pods().inNamespace(Sandbox.NAMESPACE).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod p) {
                pods.put(key(p), p);
            }

            @Override
            public void onUpdate(Pod before, Pod p) {
                if (p.getMetadata().getDeletionTimestamp() != null && before.getMetadata().getDeletionTimestamp() == null) {
                    removed(before);
                }
                pods.put(key(p), p);
            }

            @Override
            public void onDelete(Pod p, boolean unknown) {
                Pod last = pods.get(key(p));
                if (last != null && last.getMetadata().getDeletionTimestamp() == null) {
                    removed(last); // deleted at once, without a deletionTimestamp first
                }
                pods.remove(key(p));
            }
        });
    }

    /** A pod is being removed: was it allowed, given the pods just before? */
    private void removed(Pod pod) {
        String node = pod.getSpec().getNodeName();
        if (node == null || node.isEmpty() || !nodes.containsKey(node) || ledger.isInvoluntaryNode(node)) {
            return; // pending, or its node is gone or lost by the run's own hand: not a voluntary disruption
        }
        if (doNotDisrupt(pod)) {
            table.check(DO_NOT_DISRUPT, "do-not-disrupt pod " + pod.getMetadata().getName() + " removed from node "
                + node + " (still there)");
        }
        List<PodDisruptionBudget> budgets = kube.policy().v1().podDisruptionBudget().inNamespace(Sandbox.NAMESPACE)
            .list().getItems();
        EvictionPolicy.Decision d = EvictionPolicy.decide(pod, budgets, new ArrayList<>(pods.values()));
        if (d instanceof EvictionPolicy.Refused r) {
            table.check(PDB, "pod " + pod.getMetadata().getName() + " removed from node " + node + " while PDB "
                + r.budget() + " needed " + r.desiredHealthy() + " healthy and had " + r.currentHealthy());
        } else if (budgets.stream().anyMatch(b -> b.getSpec().getSelector().getMatchLabels().entrySet().stream()
            .allMatch(e -> e.getValue().equals(labels(pod).get(e.getKey()))))) {
            table.held(PDB);
        }
    }

    private void onNode(Node n) {
        nodes.put(n.getMetadata().getName(), n);
        boolean tainted = n.getSpec().getTaints() != null && n.getSpec().getTaints().stream()
            .anyMatch(t -> DisruptionKeys.DISRUPTED_TAINT.equals(t.getKey()));
        if (!tainted || !taintedSeen.add(n.getMetadata().getName()) || ledger.isInvoluntaryNode(n.getMetadata().getName())) {
            return;
        }
        List<String> pinned = pods.values().stream()
            .filter(p -> n.getMetadata().getName().equals(p.getSpec().getNodeName()))
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null && doNotDisrupt(p))
            .map(p -> p.getMetadata().getName()).toList();
        table.check(DO_NOT_DISRUPT, pinned.isEmpty() ? null
            : "node " + n.getMetadata().getName() + " tainted " + DisruptionKeys.DISRUPTED_TAINT + " with do-not-disrupt pod(s) "
                + pinned);
    }

    /**
     * Every pod pending for longer than {@link ChaosSettings#NEW_POD} has a decision on kk.decisions (its latest
     * outcome), and if that outcome places it on a NodeClaim or node, that one still exists.
     */
    void checkPending(Observer observer, Set<String> claimsAndNodes) {
        Instant now = Instant.now();
        String violation = null;
        int pending = 0;
        for (Pod p : pods.values()) {
            if (p.getMetadata().getDeletionTimestamp() != null || (p.getSpec().getNodeName() != null
                && !p.getSpec().getNodeName().isEmpty())) {
                continue;
            }
            Instant created = Instant.parse(p.getMetadata().getCreationTimestamp());
            if (Duration.between(created, now).compareTo(ChaosSettings.NEW_POD) < 0) {
                continue;
            }
            pending++;
            PodOutcome o = observer.outcome(p.getMetadata().getUid());
            if (o == null) {
                violation = "pod " + p.getMetadata().getName() + " pending since " + created + " without a decision";
            } else if (o.target() != null && !claimsAndNodes.contains(o.target())) {
                violation = "pod " + p.getMetadata().getName() + " pending; its latest decision (" + o.reason() + ") "
                    + "places it on " + o.target() + ", which no longer exists (" + history(observer, o.target()) + ")";
            }
        }
        table.check(PENDING, violation);
        ledger.say("pending pods judged: " + pending + (violation == null ? ", all bound or explained" : ", " + violation));
    }

    /** What the topics said of a NodeClaim: its launch decision and the launcher's answers, for the report. */
    private static String history(Observer observer, String claim) {
        var launch = observer.launches().get(claim);
        String decided = launch == null ? "no launch decision read" : "decided " + launch.createdAt();
        String answers = observer.statusChanges().stream().filter(s -> s.nodeClaimName().equals(claim))
            .map(s -> s.phase() + (s.reason() == null ? "" : "/" + s.reason()) + " " + s.at())
            .collect(java.util.stream.Collectors.joining(", "));
        return decided + "; " + (answers.isEmpty() ? "no status read" : answers);
    }

    /** e.g. "41 pods: 35 bound, 6 pending". */
    String summary() {
        long bound = pods.values().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null
            && p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty()).count();
        long all = pods.values().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).count();
        return all + " pods: " + bound + " bound, " + (all - bound) + " pending";
    }

    private static boolean doNotDisrupt(Pod p) {
        return "true".equals(p.getMetadata().getAnnotations() == null ? null
            : p.getMetadata().getAnnotations().get(DisruptionKeys.DO_NOT_DISRUPT));
    }

    private static Map<String, String> labels(Pod p) {
        return p.getMetadata().getLabels() == null ? Map.of() : p.getMetadata().getLabels();
    }

    private static String key(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }

    @Override
    public void close() {
        podInformer.close();
        nodeInformer.close();
    }
}
