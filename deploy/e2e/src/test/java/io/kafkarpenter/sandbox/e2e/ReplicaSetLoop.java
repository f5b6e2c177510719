package io.kafkarpenter.sandbox.e2e;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The ReplicaSet controller the Kubernetes stand-in lacks, for disruption tests: a pod evicted by a drain (or deleted
 * with its node) is created again, pending, as on a real cluster, and a scale-down deletes pods in the ReplicaSet
 * controller's order (unbound first, then those sharing a node with most of their siblings, then the youngest). Every
 * 500 ms for each Deployment it keeps; {@link Workloads#apply} made the Deployment and its ReplicaSet.
 */
final class ReplicaSetLoop implements AutoCloseable {

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private final KubernetesClient kube;
    private final Map<String, Integer> desired = new ConcurrentHashMap<>();
    private final Map<String, ReplicaSet> replicaSets = new ConcurrentHashMap<>();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "e2e-replicaset-loop");
        t.setDaemon(true);
        return t;
    });
    private final SecureRandom random = new SecureRandom();

    ReplicaSetLoop(KubernetesClient kube) {
        this.kube = kube;
        loop.scheduleWithFixedDelay(this::reconcileAll, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** Keeps {@code replicas} pods of the Deployment (applied with {@link Workloads#apply} before) from now on. */
    void scale(Deployment d, int replicas) {
        String name = d.getMetadata().getName();
        kube.apps().deployments().inNamespace(Sandbox.NAMESPACE).withName(name)
            .edit(x -> new DeploymentBuilder(x).editSpec().withReplicas(replicas).endSpec().build());
        replicaSets.computeIfAbsent(name, this::replicaSetOf);
        desired.put(name, replicas);
        loop.execute(() -> reconcile(name));
    }

    private ReplicaSet replicaSetOf(String deployment) {
        return kube.apps().replicaSets().inNamespace(Sandbox.NAMESPACE).list().getItems().stream()
            .filter(rs -> rs.getMetadata().getOwnerReferences().stream().anyMatch(o -> deployment.equals(o.getName())))
            .findFirst().orElseThrow(() -> new IllegalStateException("no ReplicaSet of Deployment " + deployment));
    }

    private void reconcileAll() {
        desired.keySet().forEach(this::reconcile);
    }

    private void reconcile(String deployment) {
        try {
            ReplicaSet rs = replicaSets.get(deployment);
            int want = desired.get(deployment);
            List<Pod> pods = kube.pods().inNamespace(Sandbox.NAMESPACE)
                .withLabels(rs.getSpec().getSelector().getMatchLabels()).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> !"Succeeded".equals(phase(p)) && !"Failed".equals(phase(p)))
                .toList();
            for (int i = pods.size(); i < want; i++) {
                kube.resource(newPod(rs)).create();
            }
            if (pods.size() > want) {
                for (Pod p : deletionOrder(pods).subList(0, pods.size() - want)) {
                    kube.pods().inNamespace(Sandbox.NAMESPACE).withName(p.getMetadata().getName()).delete();
                }
            }
        } catch (RuntimeException e) {
            // the API server is busy or the process is stopping: the next round does it
        }
    }

    /** The ReplicaSet controller's ranking: unassigned first, then on the node with more siblings, then newest. */
    private static List<Pod> deletionOrder(List<Pod> pods) {
        Map<String, Integer> perNode = new HashMap<>();
        pods.forEach(p -> perNode.merge(nodeOf(p), 1, Integer::sum));
        List<Pod> out = new ArrayList<>(pods);
        out.sort(Comparator.comparing((Pod p) -> nodeOf(p).isEmpty() ? 0 : 1)
            .thenComparing(p -> -perNode.get(nodeOf(p)))
            .thenComparing(p -> p.getMetadata().getCreationTimestamp(), Comparator.reverseOrder()));
        return out;
    }

    private Pod newPod(ReplicaSet rs) {
        var template = rs.getSpec().getTemplate();
        Map<String, String> labels = new LinkedHashMap<>(template.getMetadata().getLabels());
        labels.put("pod-template-hash", rs.getMetadata().getLabels().get("pod-template-hash"));
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return new PodBuilder()
            .withNewMetadata().withName(rs.getMetadata().getName() + "-" + suffix).withNamespace(Sandbox.NAMESPACE)
                .withLabels(labels).withAnnotations(template.getMetadata().getAnnotations())
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                    .withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid()).withController(true)
                    .withBlockOwnerDeletion(true).build())
            .endMetadata()
            .withSpec(template.getSpec())
            .withNewStatus().withPhase("Pending").endStatus()
            .build();
    }

    private static String nodeOf(Pod p) {
        return p.getSpec() == null || p.getSpec().getNodeName() == null ? "" : p.getSpec().getNodeName();
    }

    private static String phase(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}
