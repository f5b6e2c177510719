package io.kafkarpenter.launcher.launch;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkarpenter.launcher.LauncherEvents;
import io.kafkarpenter.launcher.LauncherMetrics;
import io.kafkarpenter.launcher.NodeClaimEvents;
import io.kafkarpenter.launcher.ec2.InstanceTypeCatalog;
import io.kafkarpenter.launcher.kube.KubeState;
import io.kafkarpenter.launcher.launch.BatchAdmission.Admission;
import io.kafkarpenter.launcher.launch.BatchAdmission.Withdrawal;
import io.kafkarpenter.launcher.launch.LaunchAdmission.Candidate;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonCategory;
import io.kafkarpenter.model.resources.ResourceList;

/**
 * Reservations: the NodeClaim objects written before anything is launched, under the NodePool's limits (launcher
 * DESIGN.md, "NodePool limits are atomic"). Requests of one NodePool are reserved in micro-batches under the
 * NodePool's lock (group commit: a request queues itself, and whoever takes the lock reserves everything queued): one
 * live list, each request admitted in order against the usage so far ({@link BatchAdmission#admit}), the admitted
 * NodeClaims created at once, one live list again for the zombie fence ({@link BatchAdmission#recheck}). So no two
 * reservations of a NodePool ever race within this replica, and the lists are two per batch instead of two per
 * request. A NodePool without limits needs no list and no fence; its requests still go in micro-batches, which
 * releases them together — their launches then meet in one CreateFleet window instead of trickling in one by one.
 */
@ApplicationScoped
public class Reservations {

    private static final Logger LOG = Logger.getLogger(Reservations.class);
    /** NodeClaims created at once within one micro-batch. */
    private static final int CREATE_CONCURRENCY = 16;

    /** How a reservation ended: RESERVED (the NodeClaim, its candidates), EXISTS (409: created by another delivery), REFUSED (published). */
    public enum Status { RESERVED, EXISTS, REFUSED }

    public record Reservation(Status status, NodeClaim claim, List<Candidate> candidates) {
        static final Reservation EXISTS = new Reservation(Status.EXISTS, null, List.of());
        static final Reservation REFUSED = new Reservation(Status.REFUSED, null, List.of());
    }

    private record Pending(NodeClaimLaunch launch, NodePool pool, EC2NodeClass nodeClass, List<Candidate> candidates,
                           CompletableFuture<Reservation> result) {
    }

    /** A NodePool's queue of requests waiting to be reserved and the lock of whoever reserves them. */
    private static final class PoolQueue {
        final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
        final ReentrantLock lock = new ReentrantLock();
    }

    private final KubeState kube;
    private final InstanceTypeCatalog catalog;
    private final LauncherEvents events;
    private final LauncherMetrics metrics;
    private final NodeClaimEvents kubeEvents;
    private final LaunchOutcomes outcomes;
    private final Map<String, PoolQueue> queues = new ConcurrentHashMap<>();
    private volatile Consumer<NodeClaimLaunch> afterReservation = launch -> { };

    Reservations(KubeState kube, InstanceTypeCatalog catalog, LauncherEvents events, LauncherMetrics metrics,
                 NodeClaimEvents kubeEvents, LaunchOutcomes outcomes) {
        this.kube = kube;
        this.catalog = catalog;
        this.events = events;
        this.metrics = metrics;
        this.kubeEvents = kubeEvents;
        this.outcomes = outcomes;
    }

    /** Tests only: runs right after a reservation is written, to play a concurrent writer. */
    void afterReservation(Consumer<NodeClaimLaunch> hook) {
        this.afterReservation = hook == null ? launch -> { } : hook;
    }

    /** Reserves the request's NodeClaim within the NodePool's limits, narrowed to the candidates that fit. */
    public Reservation reserve(NodeClaimLaunch launch, NodePool pool, EC2NodeClass nodeClass, List<Candidate> candidates) {
        Pending mine = new Pending(launch, pool, nodeClass, candidates, new CompletableFuture<>());
        PoolQueue queue = queues.computeIfAbsent(launch.nodePool(), k -> new PoolQueue());
        queue.pending.add(mine);
        queue.lock.lock();
        try {
            if (!mine.result().isDone()) {
                List<Pending> batch = new ArrayList<>();
                for (Pending p = queue.pending.poll(); p != null; p = queue.pending.poll()) {
                    batch.add(p);
                }
                try {
                    reserveBatch(batch);
                } catch (RuntimeException e) {
                    batch.forEach(p -> p.result().completeExceptionally(e)); // each is retried in place
                }
            }
        } finally {
            queue.lock.unlock();
        }
        try {
            return mine.result().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /** One micro-batch of a NodePool, under its lock. */
    private void reserveBatch(List<Pending> batch) {
        String poolName = batch.get(0).launch().nodePool();
        NodePool pool = batch.get(0).pool();
        ResourceList limits = NodePoolLimits.limits(pool);
        // without limits nothing is accounted: no list, everything admitted, no fence
        ResourceList usage = limits.isEmpty() ? ResourceList.EMPTY
            : NodePoolLimits.usage(kube.nodeClaimsOfNow(poolName), catalog);
        List<Admission> admissions = BatchAdmission.admit(limits, usage, batch.stream()
            .map(p -> new BatchAdmission.Request(p.launch().nodeClaimName(), isReplacement(p.launch()), p.candidates()))
            .toList());
        List<Pending> admitted = new ArrayList<>();
        Map<String, List<Candidate>> admittedCandidates = new ConcurrentHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            Admission a = admissions.get(i);
            if (a.admitted()) {
                admitted.add(p);
                admittedCandidates.put(p.launch().nodeClaimName(), a.candidates());
            } else {
                outcomes.refuseOnLimit(p.launch(), pool, a.refusedOn());
                p.result().complete(Reservation.REFUSED);
            }
        }
        if (admitted.isEmpty()) {
            return;
        }
        Map<String, NodeClaim> created = new ConcurrentHashMap<>();
        Parallel.forEach(admitted, CREATE_CONCURRENCY, p -> {
            NodeClaim claim = create(p.launch(), pool, p.nodeClass(), admittedCandidates.get(p.launch().nodeClaimName()));
            if (claim != null) {
                created.put(p.launch().nodeClaimName(), claim);
            }
        });
        admitted.stream().filter(p -> created.containsKey(p.launch().nodeClaimName()))
            .forEach(p -> afterReservation.accept(p.launch()));
        Map<String, Withdrawal> withdrawn = fence(poolName, limits, admitted, created);
        for (Pending p : admitted) {
            String name = p.launch().nodeClaimName();
            NodeClaim claim = created.get(name);
            Withdrawal w = withdrawn.get(name);
            if (claim == null) {
                p.result().complete(Reservation.EXISTS);
            } else if (w != null) {
                kube.client().resources(NodeClaim.class).withName(name).delete();
                LOG.warnf("NodeClaim %s: a concurrent reservation put NodePool %s over its %s limit; withdrawn", name,
                    poolName, w.resource());
                outcomes.refuseOnLimit(p.launch(), pool, w.resource());
                p.result().complete(Reservation.REFUSED);
            } else {
                p.result().complete(new Reservation(Status.RESERVED, claim, admittedCandidates.get(name)));
            }
        }
    }

    /**
     * The fence behind partition ownership: with the batch's reservations written, the NodePool's NodeClaims are
     * listed again; reservations that no longer fit next to everything else (another writer — a zombie owner —
     * reserved meanwhile) are withdrawn. Replacements are not fenced (they may go over by Karpenter's rule).
     */
    private Map<String, Withdrawal> fence(String poolName, ResourceList limits, List<Pending> admitted,
                                          Map<String, NodeClaim> created) {
        if (limits.isEmpty()) {
            return Map.of();
        }
        Set<String> fenced = admitted.stream().filter(p -> !isReplacement(p.launch()))
            .map(p -> p.launch().nodeClaimName()).filter(created::containsKey).collect(Collectors.toSet());
        if (fenced.isEmpty()) {
            return Map.of();
        }
        List<NodeClaim> listed = kube.nodeClaimsOfNow(poolName);
        Map<String, NodeClaim> listedByName = listed.stream()
            .collect(Collectors.toMap(c -> c.getMetadata().getName(), c -> c, (a, b) -> a));
        ResourceList others = NodePoolLimits.usage(listed.stream()
            .filter(c -> !fenced.contains(c.getMetadata().getName())).toList(), catalog);
        List<BatchAdmission.Reserved> mine = admitted.stream().map(p -> p.launch().nodeClaimName())
            .filter(fenced::contains)
            .map(n -> new BatchAdmission.Reserved(n, NodePoolLimits.claimed(listedByName.getOrDefault(n, created.get(n)),
                catalog)))
            .toList();
        return BatchAdmission.recheck(limits, others, mine).stream()
            .collect(Collectors.toMap(Withdrawal::name, w -> w));
    }

    /** Creates the NodeClaim with its status (the reservation); null when it exists already (409). */
    private NodeClaim create(NodeClaimLaunch launch, NodePool pool, EC2NodeClass nodeClass, List<Candidate> candidates) {
        List<String> types = candidates.stream().map(Candidate::instanceType).distinct().toList();
        NodeClaim claim = NodeClaimFactory.forLaunch(launch, pool, nodeClass, types, events.now());
        var conditions = claim.getStatus();
        claim.setStatus(null);
        try {
            NodeClaim created = kube.client().resources(NodeClaim.class).resource(claim).create();
            created.setStatus(conditions);
            created = kube.client().resources(NodeClaim.class).resource(created).updateStatus();
            metrics.nodeClaimCreated(launch.nodePool(), reasonLabel(launch.reason()));
            if (isReplacement(launch)) {
                kubeEvents.disruptionLaunching(created, launch.reason());
            }
            LOG.infof("created NodeClaim %s (%d instance types)", launch.nodeClaimName(), types.size());
            return created;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return null;
            }
            throw e;
        }
    }

    /**
     * A disruption's replacement (its reason is a disruption reason: UNDERUTILIZED, DRIFTED, ...). A forged record
     * claiming to be one can put a NodePool over its limits by one NodeClaim at most: the next is refused.
     */
    static boolean isReplacement(NodeClaimLaunch launch) {
        return launch.reason().category() == ReasonCategory.DISRUPTION;
    }

    private static String reasonLabel(Reason reason) {
        return reason == Reason.SCHEDULED_NEW_NODECLAIM ? "provisioned" : reason.code().toLowerCase();
    }
}
