package io.kafkarpenter.sandbox.kube.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * One ReplicaSet's reconciliation: as many active pods (not being deleted, not finished) as its replicas — missing
 * ones created from its template in one concurrent burst (owner reference, the template's labels, {@code
 * generateName}-like names, phase Pending), surplus ones deleted in {@link SurplusPods}' order — and its status
 * (replicas, readyReplicas, availableReplicas) from the pods.
 *
 * <p>Pods created or deleted but not yet seen by the informer are remembered ("expectations", as the upstream
 * controller keeps them), so a sync that runs before the informer catches up does not create or delete twice.
 */
final class ReplicaSetSync {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSetSync.class);
    /** An expectation the informer never confirms is dropped after this long. */
    private static final Duration EXPECTATION_TTL = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final SharedIndexInformer<Pod> pods;
    private final ExecutorService writers;
    private final SecureRandom random = new SecureRandom();
    /** ReplicaSet uid → pod name → when it was created / deleted by this controller, until the informer shows it. */
    private final Map<String, Map<String, Instant>> creating = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Instant>> deleting = new ConcurrentHashMap<>();

    ReplicaSetSync(KubernetesClient client, SharedIndexInformer<Pod> pods, ExecutorService writers) {
        this.client = client;
        this.pods = pods;
        this.writers = writers;
    }

    void sync(ReplicaSet rs) {
        if (rs.getMetadata().getDeletionTimestamp() != null) {
            return;
        }
        String uid = rs.getMetadata().getUid();
        List<Pod> owned = pods.getIndexer().byIndex(Owners.BY_CONTROLLER_UID, uid);
        Set<String> seen = owned.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
        Instant stale = Instant.now().minus(EXPECTATION_TTL);
        Map<String, Instant> created = creating.computeIfAbsent(uid, k -> new ConcurrentHashMap<>());
        Map<String, Instant> deleted = deleting.computeIfAbsent(uid, k -> new ConcurrentHashMap<>());
        created.entrySet().removeIf(e -> seen.contains(e.getKey()) || e.getValue().isBefore(stale));
        deleted.entrySet().removeIf(e -> !seen.contains(e.getKey()) || e.getValue().isBefore(stale));
        List<Pod> active = owned.stream().filter(ReplicaSetSync::active)
                .filter(p -> !deleted.containsKey(p.getMetadata().getName())).toList();
        int want = replicas(rs);
        int have = active.size() + created.size();
        if (have < want) {
            create(rs, want - have, created);
        } else if (created.isEmpty() && active.size() > want) {
            delete(SurplusPods.pick(active, active.size() - want), deleted);
        }
        writeStatus(rs, owned.stream().filter(ReplicaSetSync::active).toList());
    }

    /** The ReplicaSet is gone: its pods go too (garbage collection, background propagation). */
    void deleted(ReplicaSet rs) {
        String uid = rs.getMetadata().getUid();
        creating.remove(uid);
        deleting.remove(uid);
        delete(pods.getIndexer().byIndex(Owners.BY_CONTROLLER_UID, uid), new ConcurrentHashMap<>());
    }

    static int replicas(ReplicaSet rs) {
        return rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
    }

    /** Counts as a replica: not being deleted, not Succeeded or Failed. */
    static boolean active(Pod p) {
        if (p.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private void create(ReplicaSet rs, int count, Map<String, Instant> created) {
        String name = rs.getMetadata().getName();
        String namespace = rs.getMetadata().getNamespace();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Pod pod = new PodBuilder()
                    .withNewMetadata().withName(name + "-" + PodTemplateHash.randomSuffix(random, 5))
                        .withGenerateName(name + "-").withNamespace(namespace)
                        .withLabels(rs.getSpec().getTemplate().getMetadata().getLabels())
                        .withAnnotations(rs.getSpec().getTemplate().getMetadata().getAnnotations())
                        .withOwnerReferences(Owners.controllerRef("ReplicaSet", rs))
                    .endMetadata()
                    .withSpec(rs.getSpec().getTemplate().getSpec())
                    .withNewStatus().withPhase("Pending").endStatus()
                    .build();
            String podName = pod.getMetadata().getName();
            created.put(podName, Instant.now());
            writes.add(CompletableFuture.runAsync(() -> {
                try {
                    client.pods().inNamespace(namespace).resource(pod).create();
                } catch (KubernetesClientException e) {
                    created.remove(podName);
                    LOG.warn("ReplicaSet {}/{}: cannot create pod {} (retried on the next sync): {}", namespace, name,
                            podName, e.getMessage());
                }
            }, writers));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        LOG.info("ReplicaSet {}/{}: created {} pod(s)", namespace, name, count);
    }

    private void delete(List<Pod> surplus, Map<String, Instant> deleted) {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (Pod p : surplus) {
            deleted.put(p.getMetadata().getName(), Instant.now());
            writes.add(CompletableFuture.runAsync(() -> client.pods().inNamespace(p.getMetadata().getNamespace())
                    .withName(p.getMetadata().getName()).delete(), writers));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
        if (!surplus.isEmpty()) {
            LOG.info("deleted {} pod(s) of {}", surplus.size(), surplus.get(0).getMetadata().getOwnerReferences().get(0).getName());
        }
    }

    private void writeStatus(ReplicaSet rs, List<Pod> active) {
        int ready = (int) active.stream().filter(ReplicaSetSync::ready).count();
        ReplicaSetStatus status = new ReplicaSetStatusBuilder().withReplicas(active.size())
                .withFullyLabeledReplicas(active.size()).withReadyReplicas(ready).withAvailableReplicas(ready)
                .withObservedGeneration(rs.getMetadata().getGeneration()).build();
        ReplicaSetStatus current = rs.getStatus();
        if (current != null && Objects.equals(current.getReplicas(), status.getReplicas())
                && Objects.equals(current.getReadyReplicas(), status.getReadyReplicas())
                && Objects.equals(current.getAvailableReplicas(), status.getAvailableReplicas())
                && Objects.equals(current.getObservedGeneration(), status.getObservedGeneration())) {
            return;
        }
        StatusWrites.patch(client, client.apps().replicaSets().inNamespace(rs.getMetadata().getNamespace())
                .withName(rs.getMetadata().getName()), status);
    }
}
