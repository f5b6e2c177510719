package io.kafkarpenter.tagreconciler.loop;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.tagreconciler.TagReconcilerConfig;
import io.kafkarpenter.service.aws.AwsErrors;
import io.kafkarpenter.tagreconciler.discovery.DiscoveryTagReconciler;
import io.kafkarpenter.tagreconciler.instances.InstanceTagQueue;
import io.kafkarpenter.tagreconciler.instances.InstanceTagger;
import io.kafkarpenter.tagreconciler.kube.KubeInformers;
import io.kafkarpenter.tagreconciler.nodeclass.NodeClassReconciler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.scheduler.Scheduled;

/**
 * The tag-reconciler's loop (DESIGN.md, "The loop"), one Quarkus {@code @Scheduled} tick ({@code kk.tag-reconciler.tick},
 * 1 s) once this replica is active and the informers have synced. Each tick does what is due, in this order:
 * <ol>
 *   <li><b>Discovery tags</b> ({@link DiscoveryTagReconciler#reconcile()}): at start, every {@code period}, and when a
 *   {@code kk.nodeclaims.status} record or an EC2NodeClass change asked for it (at most every {@code MIN_TRIGGERED_GAP});
 *   a pass that wrote tags or changed the conflicts has every EC2NodeClass resolved again at once.</li>
 *   <li><b>EC2NodeClasses</b> ({@link NodeClassReconciler}): a changed class at once, all every
 *   {@code node-class-period}.</li>
 *   <li><b>Instance tags</b> ({@link InstanceTagger}): the NodeClaims queued (status records, informer, and a scan of
 *   every NodeClaim at start and each {@code period}); after a CreateTags nothing more is tagged for
 *   {@code instance-tag-interval} (the tick's cadence does the waiting, no sleep).</li>
 * </ol>
 * A failure (transient AWS errors: 5xx, throttling, timeouts; Kubernetes errors) delays that piece of work with
 * exponential backoff ({@link Backoff}, 1 s doubling to 2 min); it is never dropped, and the loop goes on.
 */
@ApplicationScoped
public class ReconcileLoop implements KubeInformers.Listener {

    private static final Logger LOG = Logger.getLogger(ReconcileLoop.class);
    static final Duration MIN_TRIGGERED_GAP = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(2);
    private static final int INSTANCES_PER_TICK = 50;

    @Inject
    TagReconcilerConfig config;
    @Inject
    KubeInformers informers;
    @Inject
    ReconcileTriggers triggers;
    @Inject
    DiscoveryTagReconciler discovery;
    @Inject
    NodeClassReconciler nodeClasses;
    @Inject
    InstanceTagger tagger;
    @Inject
    InstanceTagQueue queue;
    @Inject
    MeterRegistry registry;

    private final Clock clock = Clock.systemUTC();
    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), MAX_BACKOFF);
    private final Set<String> classesWanted = new LinkedHashSet<>();
    private volatile boolean active;
    private boolean discoveryWanted = true;
    private Instant lastDiscovery = Instant.EPOCH;
    private Instant nextDiscovery = Instant.EPOCH;
    private Instant nextAllClasses = Instant.EPOCH;
    private Instant nextScan = Instant.EPOCH;
    private Instant nextTag = Instant.EPOCH;
    private List<String> lastConflicts = List.of();

    @PostConstruct
    void init() {
        informers.addListener(this);
        Gauge.builder("kafkarpenter.tagreconciler.nodeclasses.not.ready", informers,
                i -> i.nodeClasses().stream().filter(c -> !EC2NodeClassConditions.isReady(c)).count())
            .description("EC2NodeClasses that are not Ready").register(registry);
    }

    /** This replica became the active one. */
    void activate() {
        active = true;
    }

    public boolean active() {
        return active;
    }

    @Scheduled(every = "${kk.tag-reconciler.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
        skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    synchronized void tick() {
        if (!active || !informers.synced()) {
            return;
        }
        Instant now = clock.instant();
        try {
            discoveryStep(now);
            nodeClassStep(now);
            instanceStep(now);
        } catch (RuntimeException e) {
            LOG.errorf(e, "tag-reconciler tick failed: %s", e.getMessage()); // the next tick goes on
        }
    }

    private void discoveryStep(Instant now) {
        if (triggers.takeDiscovery()) {
            discoveryWanted = true;
        }
        boolean periodic = !now.isBefore(nextDiscovery);
        boolean triggered = discoveryWanted && !now.isBefore(lastDiscovery.plus(MIN_TRIGGERED_GAP));
        if (!(periodic || triggered) || !backoff.ready("discovery", now)) {
            return;
        }
        discoveryWanted = false;
        lastDiscovery = now;
        DiscoveryTagReconciler.Report report = timed("discovery", discovery::reconcile, "discovery", now);
        if (report == null) {
            discoveryWanted = true; // failed: again after the backoff
            return;
        }
        nextDiscovery = now.plus(config.period());
        List<String> conflicts = report.conflicts() == null ? List.of() : List.copyOf(report.conflicts());
        if (report.added() + report.restored() + report.removed() > 0 || !conflicts.equals(lastConflicts)) {
            triggers.allNodeClasses(); // their selectors may match something else now; messages quote conflicts
        }
        lastConflicts = conflicts;
    }

    private void nodeClassStep(Instant now) {
        ReconcileTriggers.Taken taken = triggers.takeClasses();
        if (taken.all() || !now.isBefore(nextAllClasses)) {
            informers.nodeClasses().forEach(c -> classesWanted.add(c.getMetadata().getName()));
            nextAllClasses = now.plus(config.nodeClassPeriod());
        }
        classesWanted.addAll(taken.names());
        for (String name : List.copyOf(classesWanted)) {
            String key = "nodeclass/" + name;
            if (!backoff.ready(key, now)) {
                continue;
            }
            classesWanted.remove(name);
            if (timed("nodeclass", () -> nodeClasses.reconcile(name), key, now) == null) {
                classesWanted.add(name);
            }
        }
    }

    private void instanceStep(Instant now) {
        if (!now.isBefore(nextScan)) {
            informers.nodeClaims().stream().filter(InstanceTagger::needsTagging)
                .forEach(c -> queue.enqueue(c.getMetadata().getName(), null));
            nextScan = now.plus(config.period());
        }
        if (now.isBefore(nextTag)) {
            return;
        }
        int looked = 0;
        for (InstanceTagQueue.Pending p : queue.due(now)) {
            if (looked++ >= INSTANCES_PER_TICK) {
                break;
            }
            NodeClaim cached = informers.nodeClaims().stream()
                .filter(c -> p.nodeClaimName().equals(c.getMetadata().getName())).findFirst().orElse(null);
            if (cached == null || !InstanceTagger.needsTagging(cached)) {
                queue.done(p.nodeClaimName()); // the informer brings it back when it needs tags
                continue;
            }
            InstanceTagger.Outcome outcome = timed("nodeclaim.tagging",
                () -> tagger.tag(p.nodeClaimName(), p.instanceIdHint()), null, now);
            if (outcome == null) {
                queue.failed(p.nodeClaimName(), now, MAX_BACKOFF);
                continue;
            }
            queue.done(p.nodeClaimName());
            if (outcome == InstanceTagger.Outcome.TAGGED) {
                nextTag = now.plus(config.instanceTagInterval());
                return;
            }
        }
    }

    /** Runs one piece of work; null when it failed (logged, counted, backed off under {@code backoffKey}). */
    private <T> T timed(String controller, Supplier<T> work, String backoffKey, Instant now) {
        Timer.Sample sample = Timer.start(registry);
        try {
            T result = work.get();
            if (backoffKey != null) {
                backoff.succeeded(backoffKey);
            }
            registry.counter("controller.runtime.reconcile", "controller", controller, "result", "success").increment();
            return result;
        } catch (RuntimeException e) {
            boolean transientError = AwsErrors.isTransient(e) || e instanceof io.fabric8.kubernetes.client.KubernetesClientException;
            Instant again = backoffKey == null ? null : backoff.failed(backoffKey, now);
            registry.counter("controller.runtime.reconcile", "controller", controller, "result", "error").increment();
            registry.counter("controller.runtime.reconcile.errors", "controller", controller).increment();
            registry.counter("kafkarpenter.tagreconciler.reconcile.errors", "work", controller,
                "transient", String.valueOf(transientError)).increment();
            String what = backoffKey == null ? controller : backoffKey;
            if (transientError) {
                LOG.warnf("%s failed (%s); tried again%s", what, AwsErrors.describe(e), again == null ? " after a backoff" : " at " + again);
            } else {
                LOG.errorf(e, "%s failed (%s); tried again%s", what, AwsErrors.describe(e), again == null ? " after a backoff" : " at " + again);
            }
            return null;
        } finally {
            sample.stop(registry.timer("controller.runtime.reconcile.time", "controller", controller));
        }
    }

    // ---------------------------------------------------------------- informer events

    @Override
    public void nodeClassChanged(String name) {
        triggers.nodeClass(name);
        triggers.requestDiscovery();
    }

    @Override
    public void nodeClaimChanged(NodeClaim claim) {
        if (InstanceTagger.needsTagging(claim)) {
            queue.enqueue(claim.getMetadata().getName(), null);
        }
    }

    @Override
    public void nodeClaimDeleted(NodeClaim claim) {
        queue.done(claim.getMetadata().getName());
        tagger.forget(claim.getMetadata().getName());
        if (claim.getSpec() != null && claim.getSpec().getNodeClassRef() != null) {
            triggers.nodeClass(claim.getSpec().getNodeClassRef().getName());
        }
    }
}
