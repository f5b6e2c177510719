package io.kafkarpenter.sandbox.e2e;

import io.kafkarpenter.model.yaml.YamlTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.crd.KarpenterManifests;

/**
 * Plays workloads on the Kubernetes stand-in, which has no controllers: this class is the Deployment and ReplicaSet
 * controller for the sandbox. A Deployment gets one ReplicaSet ({@code <name>-<hash>}) and its pods, created as a
 * ReplicaSet would (owner reference, {@code pod-template-hash} label, phase Pending); kube-scheduler's stand-in then
 * binds them or marks them Unschedulable.
 */
public final class Workloads implements AutoCloseable {

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private final KubernetesClient kube;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, ReplicaSet> replicaSets = new HashMap<>();
    /** ReplicaSet namespace/name → the replicas it should have. */
    private final Map<String, Integer> desired = new java.util.concurrent.ConcurrentHashMap<>();
    private SharedIndexInformer<Pod> keeper;
    private java.util.concurrent.ExecutorService keeperThread;
    /** pod name → when it was created (pending from then on). */
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

    /** Creates the Deployment (with its replicas as given) and its ReplicaSet; pods come with {@link #scale}. */
    public void apply(Deployment deployment) {
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        deployment.getSpec().setReplicas(0);
        Deployment created = kube.resource(deployment).createOr(r -> r.update());
        String hash = name(10).substring(0, 9);
        ReplicaSet rs = new ReplicaSetBuilder()
            .withNewMetadata().withName(created.getMetadata().getName() + "-" + hash)
                .withNamespace(created.getMetadata().getNamespace())
                .withLabels(withHash(created.getSpec().getTemplate().getMetadata().getLabels(), hash))
                .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                    .withName(created.getMetadata().getName()).withUid(created.getMetadata().getUid())
                    .withController(true).build())
            .endMetadata()
            .withNewSpec().withReplicas(0).withSelector(created.getSpec().getSelector())
                .withTemplate(created.getSpec().getTemplate()).endSpec()
            .build();
        replicaSets.put(key(created), kube.resource(rs).create());
        deployment.getSpec().setReplicas(replicas);
    }

    /**
     * Scales the Deployment to {@code replicas}: creates pods as its ReplicaSet would, or deletes the surplus in the
     * ReplicaSet controller's order (pending pods first, then pods on the nodes holding most of its replicas, newest
     * first). Returns the pods created.
     */
    public List<Pod> scale(Deployment deployment, int replicas) {
        ReplicaSet rs = replicaSets.get(key(deployment));
        String ns = deployment.getMetadata().getNamespace();
        desired.put(key(rs), replicas);
        kube.apps().deployments().inNamespace(ns).withName(deployment.getMetadata().getName())
            .edit(d -> new DeploymentBuilder(d).editSpec().withReplicas(replicas).endSpec().build());
        synchronized (this) {
            List<Pod> active = activePods(rs);
            if (active.size() > replicas) {
                deleteSurplus(active, active.size() - replicas);
                return List.of();
            }
            return createPods(rs, replicas - active.size());
        }
    }

    /**
     * From now on, acts as the ReplicaSet controller for the ReplicaSets this class made: a pod that goes (evicted,
     * deleted by a node's termination) is replaced by a new pending one, so that each keeps its replicas. Pods being
     * deleted do not count (the controller replaces them at once). Stopped by {@link #close()}.
     */
    public synchronized void keepReplicas() {
        if (keeper != null) {
            return;
        }
        keeperThread = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "workloads-replicaset-controller");
            t.setDaemon(true);
            return t;
        });
        keeper = kube.pods().inNamespace(Sandbox.NAMESPACE).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
            }

            @Override
            public void onUpdate(Pod before, Pod pod) {
                if (pod.getMetadata().getDeletionTimestamp() != null && before.getMetadata().getDeletionTimestamp() == null) {
                    reconcileLater(pod);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                reconcileLater(pod);
            }
        });
    }

    private void reconcileLater(Pod pod) {
        if (pod.getMetadata().getOwnerReferences() == null) {
            return;
        }
        for (var ref : pod.getMetadata().getOwnerReferences()) {
            ReplicaSet rs = replicaSets.values().stream()
                .filter(r -> r.getMetadata().getUid().equals(ref.getUid())).findFirst().orElse(null);
            if (rs != null) {
                keeperThread.execute(() -> reconcile(rs));
            }
        }
    }

    /** Creates the pods the ReplicaSet misses (never deletes: surplus only comes from {@link #scale}). */
    private synchronized void reconcile(ReplicaSet rs) {
        try {
            int want = desired.getOrDefault(key(rs), 0);
            int missing = want - activePods(rs).size();
            if (missing > 0) {
                createPods(rs, missing);
            }
        } catch (RuntimeException e) {
            System.err.println("workloads: cannot keep the replicas of " + rs.getMetadata().getName() + ": " + e);
        }
    }

    /** Pods of the ReplicaSet that count as its replicas: not being deleted, not finished. */
    private List<Pod> activePods(ReplicaSet rs) {
        return kube.pods().inNamespace(rs.getMetadata().getNamespace())
            .withLabels(rs.getSpec().getSelector().getMatchLabels()).list().getItems().stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .filter(p -> p.getStatus() == null || !("Succeeded".equals(p.getStatus().getPhase())
                || "Failed".equals(p.getStatus().getPhase())))
            .toList();
    }

    private void deleteSurplus(List<Pod> active, int count) {
        Map<String, Long> perNode = new HashMap<>();
        active.forEach(p -> {
            if (p.getSpec().getNodeName() != null) {
                perNode.merge(p.getSpec().getNodeName(), 1L, Long::sum);
            }
        });
        List<Pod> ranked = new ArrayList<>(active);
        ranked.sort(java.util.Comparator
            .comparing((Pod p) -> p.getSpec().getNodeName() != null)
            .thenComparing((Pod p) -> -perNode.getOrDefault(p.getSpec().getNodeName(), 0L))
            .thenComparing((Pod p) -> String.valueOf(p.getMetadata().getCreationTimestamp()),
                java.util.Comparator.reverseOrder()));
        for (Pod p : ranked.subList(0, count)) {
            kube.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).delete();
        }
    }

    private List<Pod> createPods(ReplicaSet rs, int count) {
        String ns = rs.getMetadata().getNamespace();
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        // created concurrently, as a ReplicaSet controller's burst would arrive (it creates in batches too)
        java.util.concurrent.ExecutorService creators = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<Pod>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Pod pod = new PodBuilder()
                    .withNewMetadata().withName(rs.getMetadata().getName() + "-" + name(5)).withNamespace(ns)
                        .withLabels(withHash(rs.getSpec().getTemplate().getMetadata().getLabels(), hash))
                        .withAnnotations(rs.getSpec().getTemplate().getMetadata().getAnnotations())
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                            .withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid()).withController(true)
                            .withBlockOwnerDeletion(true).build())
                    .endMetadata()
                    .withSpec(rs.getSpec().getTemplate().getSpec())
                    .withNewStatus().withPhase("Pending").endStatus()
                    .build();
                futures.add(creators.submit(() -> {
                    Pod made = kube.resource(pod).create();
                    createdAt.put(made.getMetadata().getNamespace() + "/" + made.getMetadata().getName(), Instant.now());
                    return made;
                }));
            }
            List<Pod> created = new ArrayList<>();
            for (var f : futures) {
                created.add(f.get());
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot create a pod: " + e.getCause().getMessage(), e.getCause());
        } finally {
            creators.shutdown();
        }
    }

    /** Stops {@link #keepReplicas()}. */
    @Override
    public synchronized void close() {
        if (keeper != null) {
            keeper.close();
            keeperThread.shutdownNow();
            keeper = null;
        }
    }

    /** When the driver created each pod (namespace/name). */
    public Map<String, Instant> createdAt() {
        return createdAt;
    }

    private static Map<String, String> withHash(Map<String, String> labels, String hash) {
        Map<String, String> out = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        out.put("pod-template-hash", hash);
        return out;
    }

    private static String key(HasMetadata d) {
        return d.getMetadata().getNamespace() + "/" + d.getMetadata().getName();
    }

    private String name(int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }
}
