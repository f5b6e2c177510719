package io.kafkarpenter.sandbox.e2e;

import io.kafkarpenter.model.yaml.YamlTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.crd.KarpenterManifests;

/**
 * Plays workloads on the Kubernetes stand-in: creates and scales Deployments; the stand-in's Deployment and ReplicaSet
 * controllers ({@code io.kafkarpenter.sandbox.kube.controllers.WorkloadControllers}, in the stand-in process) make the
 * ReplicaSet and its pods (owner reference, {@code pod-template-hash} label, phase Pending) and replace pods that go,
 * as on a cluster; kube-scheduler's stand-in then binds them or marks them Unschedulable. {@link #scale} waits until
 * the controller has brought the pods to the count, so callers see them as before, when this class made them itself.
 */
public final class Workloads implements AutoCloseable {

    /** How long {@link #scale} waits for the controller's pods (a burst of thousands on a loaded machine). */
    private static final java.time.Duration SCALED_WITHIN = java.time.Duration.ofMinutes(5);
    private final KubernetesClient kube;
    private SharedIndexInformer<Pod> pods;
    /** pod namespace/name → when this class first saw it (pending from then on). */
    private final Map<String, Instant> createdAt = new java.util.concurrent.ConcurrentHashMap<>();

    public Workloads(KubernetesClient kube) {
        this.kube = kube;
    }

    /** The workshop's {@code inflate}: pause containers requesting 1 CPU each. */
    public static Deployment inflate() {
        return new DeploymentBuilder()
            .withNewMetadata().withName("inflate").withNamespace(Sandbox.NAMESPACE).endMetadata()
            .withNewSpec().withReplicas(0)
                .withNewSelector().addToMatchLabels("app", "inflate").endSelector()
                .withNewTemplate()
                    .withNewMetadata().addToLabels("app", "inflate").endMetadata()
                    .withNewSpec().withTerminationGracePeriodSeconds(0L)
                        .addNewContainer().withName("inflate").withImage("public.ecr.aws/eks-distro/kubernetes/pause:3.7")
                            .withNewResources().addToRequests("cpu", new io.fabric8.kubernetes.api.model.Quantity("1"))
                            .endResources()
                        .endContainer()
                    .endSpec()
                .endTemplate()
            .endSpec().build();
    }

    /** Deployments from a manifest file (other kinds are ignored). */
    public static List<Deployment> fromFile(KubernetesClient kube, Path file) throws java.io.IOException {
        List<Deployment> out = new ArrayList<>();
        // the project's YAML reader (anchors, aliases, merge keys), then fabric8's typing of each document
        for (com.fasterxml.jackson.databind.JsonNode document : YamlTrees.DEFAULT.readAll(Files.readString(file))) {
            if (!document.isObject()) {
                continue;
            }
            Object o = kube.getKubernetesSerialization().unmarshal(document.toString());
            // a List (what `kubectl get deployments -o yaml` writes) contributes its items
            List<?> items = o instanceof io.fabric8.kubernetes.api.model.KubernetesList list ? list.getItems() : List.of(o);
            for (Object item : items) {
                if (item instanceof Deployment d) {
                    if (d.getMetadata().getNamespace() == null) {
                        d.getMetadata().setNamespace(Sandbox.NAMESPACE);
                    }
                    out.add(d);
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(file + ": no apps/v1 Deployment in the file");
        }
        return out;
    }

    /** Applies the workshop NodePool and EC2NodeClass (or any Karpenter manifest) with CLUSTER_NAME substituted. */
    public void applyKarpenterManifest(Path file, String clusterName) throws java.io.IOException {
        String yaml = Files.readString(file).replace("${CLUSTER_NAME}", clusterName);
        KarpenterManifests manifests = KarpenterManifests.read(yaml);
        manifests.ec2NodeClasses().forEach(nc -> kube.resource(nc).createOr(r -> r.update()));
        manifests.nodePools().forEach(np -> kube.resource(np).createOr(r -> r.update()));
    }

    /**
     * Waits until every EC2NodeClass is Ready ({@link EC2NodeClassConditions#notReady}: the tag-reconciler resolved
     * its status for the current spec) and returns them; nothing launches with a class that is not. Throws with each
     * class' reason after {@code timeout}.
     */
    public List<EC2NodeClass> awaitNodeClassesReady(java.time.Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            List<EC2NodeClass> classes = kube.resources(EC2NodeClass.class).list().getItems();
            Map<String, String> notReady = new java.util.TreeMap<>();
            classes.forEach(c -> EC2NodeClassConditions.notReady(c)
                .ifPresent(why -> notReady.put(c.getMetadata().getName(), why)));
            if (notReady.isEmpty()) {
                return classes;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("EC2NodeClass(es) not Ready within " + timeout.toSeconds() + " s: "
                    + notReady);
            }
            Sandbox.sleep(250);
        }
    }

    /**
     * Creates (or updates) the Deployment with 0 replicas, whatever its replicas say (they stay in {@code deployment}
     * for the caller); the stand-in's controller makes its ReplicaSet; pods come with {@link #scale}.
     */
    public void apply(Deployment deployment) {
        Integer replicas = deployment.getSpec().getReplicas();
        deployment.getSpec().setReplicas(0);
        try {
            kube.resource(deployment).createOr(r -> r.update());
        } finally {
            deployment.getSpec().setReplicas(replicas == null ? 1 : replicas);
        }
        watchPods();
    }

    /**
     * Scales the Deployment to {@code replicas} and waits until the stand-in's ReplicaSet controller has made that
     * many active pods (creating new pending ones, or deleting the surplus in the ReplicaSet controller's order:
     * pending pods first, then pods on the nodes holding most of its replicas, newest first). Returns the pods
     * created.
     */
    public List<Pod> scale(Deployment deployment, int replicas) {
        return scaleAll(Map.of(deployment, replicas));
    }

    /**
     * As {@link #scale} for several Deployments at once: every one is scaled before waiting for any, so their pods
     * arrive as one burst (as a {@code kubectl apply} of several Deployments would), not one Deployment after another.
     */
    public List<Pod> scaleAll(Map<Deployment, Integer> targets) {
        watchPods();
        java.util.Set<String> before = new java.util.HashSet<>();
        targets.keySet().forEach(d -> activePods(d).forEach(p -> before.add(p.getMetadata().getName())));
        targets.forEach((d, replicas) -> kube.apps().deployments().inNamespace(d.getMetadata().getNamespace())
            .withName(d.getMetadata().getName()).patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}"));
        Instant deadline = Instant.now().plus(SCALED_WITHIN);
        List<Pod> created = new ArrayList<>();
        for (var target : targets.entrySet()) {
            Deployment d = target.getKey();
            while (true) {
                List<Pod> active = activePods(d);
                if (active.size() == target.getValue()) {
                    active.stream().filter(p -> !before.contains(p.getMetadata().getName())).forEach(created::add);
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Deployment " + key(d) + ": " + active.size() + " active pods, not "
                        + target.getValue() + ", " + SCALED_WITHIN.toSeconds()
                        + " s after scaling it (is the stand-in running its controllers?)");
                }
                Sandbox.sleep(50);
            }
        }
        return created;
    }

    private List<Pod> activePods(Deployment d) {
        return activePods(d.getMetadata().getNamespace(), d.getSpec().getSelector().getMatchLabels());
    }

    private static String key(Deployment d) {
        return d.getMetadata().getNamespace() + "/" + d.getMetadata().getName();
    }

    /**
     * Kept for callers: pods that go (evicted, deleted by a node's termination) are replaced by the stand-in's
     * ReplicaSet controller, always, as on a cluster.
     */
    public void keepReplicas() {
        watchPods();
    }

    /** The pods of the selector that count as replicas (not being deleted, not finished), as the informer has them. */
    private List<Pod> activePods(String namespace, Map<String, String> selector) {
        return pods.getStore().list().stream()
            .filter(p -> namespace.equals(p.getMetadata().getNamespace()))
            .filter(p -> p.getMetadata().getLabels() != null
                && p.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .filter(p -> p.getStatus() == null || !("Succeeded".equals(p.getStatus().getPhase())
                || "Failed".equals(p.getStatus().getPhase())))
            .toList();
    }

    /** Starts the pod informer (once): {@link #scale} counts from it and it records {@link #createdAt()}. */
    private synchronized void watchPods() {
        if (pods != null) {
            return;
        }
        pods = kube.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                createdAt.putIfAbsent(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(), Instant.now());
            }

            @Override
            public void onUpdate(Pod before, Pod pod) {
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
            }
        });
    }

    /** Stops watching pods. */
    @Override
    public synchronized void close() {
        if (pods != null) {
            pods.close();
            pods = null;
        }
    }

    /** When this class first saw each pod (namespace/name) of the Deployments it scales: about when it was created. */
    public Map<String, Instant> createdAt() {
        return createdAt;
    }
}
