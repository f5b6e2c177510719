package io.kafkarpenter.sandbox.kube.scheduler;

import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A kube-scheduler stand-in: informers on pods and Nodes; any change (and a periodic resync) queues one
 * {@link SchedulingPass} on a single thread, whose decisions are applied through the API: a fitting pod is bound
 * with the binding subresource, a pod that fits nowhere gets {@code PodScheduled=False, reason Unschedulable} and
 * kube-scheduler's message (written only when it changes, so passes are idempotent).
 *
 * <p>A pass writes its status marks concurrently (a small pool, as kube-scheduler's parallel status updates), so a
 * burst of a thousand unschedulable pods is marked within a second or two rather than one round-trip after another;
 * the pass waits for its writes before the next pass runs.
 *
 * <p>Bindings made by a pass are remembered ("assumed", as kube-scheduler does) until the informer shows them,
 * so the next pass counts them even if the cache lags.
 */
public final class SchedulerStandin implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerStandin.class);

    private final KubernetesClient client;
    private final Clock clock;
    private final Duration resync;
    private final Map<String, String> assumed = new ConcurrentHashMap<>();
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private final ScheduledExecutorService loop =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "scheduler-standin"));
    /** Concurrent status writes of one pass. */
    private static final int STATUS_WRITERS = 8;
    private final ExecutorService statusWriters = Executors.newFixedThreadPool(STATUS_WRITERS, r -> {
        Thread t = new Thread(r, "scheduler-standin-status");
        t.setDaemon(true);
        return t;
    });
    private SharedIndexInformer<Pod> pods;
    private SharedIndexInformer<Node> nodes;

    public SchedulerStandin(KubernetesClient client, Clock clock, Duration resync) {
        this.client = client;
        this.clock = clock;
        this.resync = resync;
    }

    public SchedulerStandin start() {
        ResourceEventHandler<Object> trigger = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Object obj) {
                requestPass();
            }

            @Override
            public void onUpdate(Object oldObj, Object newObj) {
                if (changesScheduling(oldObj, newObj)) {
                    requestPass();
                }
            }

            @Override
            public void onDelete(Object obj, boolean deletedFinalStateUnknown) {
                requestPass();
            }
        };
        pods = client.pods().inAnyNamespace().inform(cast(trigger), 0);
        nodes = client.nodes().inform(cast(trigger), 0);
        loop.scheduleWithFixedDelay(this::requestPass, resync.toMillis(), resync.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * A pod's status-only change (the marks of this scheduler, the kubelet's phase and conditions) changes no
     * scheduling decision, so it queues no pass: in a burst those echoes would otherwise keep the loop re-planning
     * every pod for each mark it wrote. Binding, deletion and any Node change do; the periodic resync covers the rest.
     */
    private static boolean changesScheduling(Object oldObj, Object newObj) {
        if (oldObj instanceof Pod before && newObj instanceof Pod after) {
            return !java.util.Objects.equals(before.getSpec().getNodeName(), after.getSpec().getNodeName())
                    || !java.util.Objects.equals(before.getMetadata().getDeletionTimestamp(),
                    after.getMetadata().getDeletionTimestamp());
        }
        return true;
    }

    @SuppressWarnings("unchecked")
    private static <T> ResourceEventHandler<T> cast(ResourceEventHandler<Object> handler) {
        return (ResourceEventHandler<T>) (ResourceEventHandler<?>) handler;
    }

    private void requestPass() {
        if (passQueued.compareAndSet(false, true)) {
            loop.execute(() -> {
                passQueued.set(false);
                try {
                    runPass();
                } catch (RuntimeException e) {
                    LOG.warn("scheduling pass failed (retried on the next change): {}", e.toString());
                }
            });
        }
    }

    private void runPass() {
        long started = System.nanoTime();
        List<Pod> podSnapshot = new ArrayList<>(pods.getStore().list());
        // a node being deleted (deletionTimestamp set, held by a finalizer while it drains) takes no new pods;
        // NoSchedule taints (karpenter.sh/disrupted) are the pass's own business
        List<Node> nodeSnapshot = new ArrayList<>(nodes.getStore().list().stream()
                .filter(n -> n.getMetadata().getDeletionTimestamp() == null).toList());
        forgetConfirmedAssumptions(podSnapshot);
        Map<String, Pod> podsByKey = new java.util.HashMap<>();
        podSnapshot.forEach(p -> podsByKey.put(SchedulingPass.key(p), p));
        List<CompletableFuture<Void>> marks = new ArrayList<>();
        List<SchedulingPass.Decision> decisions = SchedulingPass.plan(podSnapshot, nodeSnapshot, Map.copyOf(assumed));
        long planned = System.nanoTime();
        for (SchedulingPass.Decision decision : decisions) {
            if (decision instanceof SchedulingPass.Bind bind) {
                bind(bind);
            } else if (decision instanceof SchedulingPass.Unschedulable unschedulable) {
                Pod current = podsByKey.get(unschedulable.namespace() + "/" + unschedulable.pod());
                if (current != null && !hasCondition(current, unschedulable.message())) {
                    marks.add(CompletableFuture.runAsync(() -> markUnschedulable(unschedulable, current), statusWriters));
                }
            }
        }
        try {
            CompletableFuture.allOf(marks.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (!marks.isEmpty()) {
            LOG.info("pass over {} pods: planned in {} ms, {} marked unschedulable in {} ms", podSnapshot.size(),
                    (planned - started) / 1_000_000, marks.size(), (System.nanoTime() - planned) / 1_000_000);
        }
    }

    private void forgetConfirmedAssumptions(List<Pod> snapshot) {
        Map<String, Pod> byKey = new ConcurrentHashMap<>();
        snapshot.forEach(p -> byKey.put(SchedulingPass.key(p), p));
        assumed.keySet().removeIf(key -> {
            Pod pod = byKey.get(key);
            return pod == null || (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty());
        });
    }

    private void bind(SchedulingPass.Bind bind) {
        try {
            client.bindings().inNamespace(bind.namespace()).resource(new BindingBuilder()
                    .withNewMetadata().withName(bind.pod()).withNamespace(bind.namespace()).endMetadata()
                    .withNewTarget().withApiVersion("v1").withKind("Node").withName(bind.node()).endTarget()
                    .build()).create();
            assumed.put(bind.namespace() + "/" + bind.pod(), bind.node());
            LOG.info("pod {}/{} bound to {}", bind.namespace(), bind.pod(), bind.node());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
            // deleted meanwhile, or bound by someone else: the next pass sees it
        }
    }

    /**
     * One merge patch of the status subresource (no read first): the pod's conditions as the informer has them,
     * with {@code PodScheduled} replaced. The scheduler owns that condition while the pod is unbound, so a stale
     * copy loses nothing; a pod deleted meanwhile answers 404.
     */
    private void markUnschedulable(SchedulingPass.Unschedulable decision, Pod current) {
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        List<PodCondition> conditions = new ArrayList<>(current.getStatus() == null || current.getStatus().getConditions() == null
                ? List.of() : current.getStatus().getConditions());
        conditions.removeIf(c -> "PodScheduled".equals(c.getType()));
        conditions.add(new PodConditionBuilder().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage(decision.message())
                .withLastTransitionTime(now).withLastProbeTime(null).build());
        String phase = current.getStatus() == null || current.getStatus().getPhase() == null
                ? "Pending" : current.getStatus().getPhase();
        String patch = client.getKubernetesSerialization()
                .asJson(Map.of("status", Map.of("phase", phase, "conditions", conditions)));
        try {
            client.pods().inNamespace(decision.namespace()).withName(decision.pod()).subresource("status")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
            LOG.info("pod {}/{} unschedulable: {}", decision.namespace(), decision.pod(), decision.message());
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    private static boolean hasCondition(Pod pod, String message) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream().anyMatch(c -> "PodScheduled".equals(c.getType())
                && "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()) && message.equals(c.getMessage()));
    }

    @Override
    public void close() {
        loop.shutdownNow();
        statusWriters.shutdownNow();
        if (pods != null) {
            pods.close();
        }
        if (nodes != null) {
            nodes.close();
        }
    }
}
