package io.kafkarpenter.sandbox.kube.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Deployment and ReplicaSet controllers of kube-controller-manager, as a stand-in: informers on Deployments,
 * ReplicaSets and pods (all namespaces); a change queues the object concerned (a pod → its ReplicaSet, a ReplicaSet
 * → itself and its Deployment), and one thread syncs the queue ({@link DeploymentSync}, {@link ReplicaSetSync}),
 * each key once however many events arrived for it; a periodic resync queues everything. Pod creations and deletions
 * of a sync go out concurrently ({@value #WRITERS} at a time), as the upstream controller's bursts do.
 *
 * <p>Deleting a Deployment deletes its ReplicaSets, deleting a ReplicaSet its pods (the garbage collector's
 * background propagation), for deletions seen while it runs.
 */
public final class WorkloadControllers implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkloadControllers.class);
    static final int WRITERS = 16;

    private final KubernetesClient client;
    private final Clock clock;
    private final Duration resync;
    private final ScheduledExecutorService loop =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "workload-controllers"));
    private final ExecutorService writers = Executors.newFixedThreadPool(WRITERS, r -> {
        Thread t = new Thread(r, "workload-controllers-writer");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private SharedIndexInformer<Deployment> deployments;
    private SharedIndexInformer<ReplicaSet> replicaSets;
    private SharedIndexInformer<Pod> pods;
    private DeploymentSync deploymentSync;
    private ReplicaSetSync replicaSetSync;

    public WorkloadControllers(KubernetesClient client, Clock clock, Duration resync) {
        this.client = client;
        this.clock = clock;
        this.resync = resync;
    }

    /** Starts the informers, waits until they have listed, then syncs everything once and on every change. */
    public WorkloadControllers start() {
        deployments = client.apps().deployments().inAnyNamespace().runnableInformer(0);
        replicaSets = client.apps().replicaSets().inAnyNamespace().runnableInformer(0);
        pods = client.pods().inAnyNamespace().runnableInformer(0);
        replicaSets.addIndexers(Map.of(Owners.BY_CONTROLLER_UID, Owners::controllerUid));
        pods.addIndexers(Map.of(Owners.BY_CONTROLLER_UID, Owners::controllerUid));
        deploymentSync = new DeploymentSync(client, replicaSets, clock);
        replicaSetSync = new ReplicaSetSync(client, pods, writers);

        deployments.addEventHandler(handler(this::queueDeployment,
                d -> loop.execute(() -> guarded("deleting the ReplicaSets of " + Owners.key(d), () -> deploymentSync.deleted(d)))));
        replicaSets.addEventHandler(handler(rs -> {
            queueReplicaSet(rs);
            queueOwner(rs, "Deployment", "D");
        }, rs -> {
            loop.execute(() -> guarded("deleting the pods of " + Owners.key(rs), () -> replicaSetSync.deleted(rs)));
            queueOwner(rs, "Deployment", "D");
        }));
        pods.addEventHandler(handler(p -> queueOwner(p, "ReplicaSet", "R"), p -> queueOwner(p, "ReplicaSet", "R")));
        deployments.start().toCompletableFuture().join();
        replicaSets.start().toCompletableFuture().join();
        pods.start().toCompletableFuture().join();
        loop.scheduleWithFixedDelay(this::queueAll, 0, resync.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> changed, Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                deleted.accept(obj);
            }
        };
    }

    private void queueAll() {
        deployments.getStore().list().forEach(this::queueDeployment);
        replicaSets.getStore().list().forEach(this::queueReplicaSet);
    }

    private void queueDeployment(Deployment d) {
        queue("D", Owners.key(d));
    }

    private void queueReplicaSet(ReplicaSet rs) {
        queue("R", Owners.key(rs));
    }

    private void queueOwner(HasMetadata object, String kind, String prefix) {
        Owners.controllerName(object, kind).ifPresent(name -> queue(prefix, object.getMetadata().getNamespace() + "/" + name));
    }

    private void queue(String prefix, String key) {
        String item = prefix + ":" + key;
        if (queued.add(item)) {
            loop.execute(() -> {
                queued.remove(item);
                if (prefix.equals("D")) {
                    Deployment d = deployments.getStore().getByKey(key);
                    if (d != null) {
                        guarded("syncing Deployment " + key, () -> deploymentSync.sync(d));
                    }
                } else {
                    ReplicaSet rs = replicaSets.getStore().getByKey(key);
                    if (rs != null) {
                        guarded("syncing ReplicaSet " + key, () -> replicaSetSync.sync(rs));
                    }
                }
            });
        }
    }

    private static void guarded(String what, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.warn("{} failed (retried on the next change or resync): {}", what, e.toString());
        }
    }

    @Override
    public void close() {
        loop.shutdownNow();
        writers.shutdownNow();
        for (SharedIndexInformer<?> informer : new SharedIndexInformer<?>[] {deployments, replicaSets, pods}) {
            if (informer != null) {
                informer.close();
            }
        }
    }
}
