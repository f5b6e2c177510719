package io.kafkarpenter.provisioner;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.service.metrics.Histograms;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The provisioning loop's metrics: Karpenter's {@code karpenter_scheduler_scheduling_duration_seconds{controller}},
 * {@code karpenter_pods_scheduling_decision_duration_seconds} (histograms with Karpenter's duration buckets) and
 * {@code karpenter_scheduler_unschedulable_pods_count{controller}}, all with {@code controller="provisioner"} where the
 * label exists; and the provisioner's own {@code kafkarpenter_provisioner_pass_errors_total},
 * {@code kafkarpenter_provisioner_pending_records_total{kind}}, {@code kafkarpenter_provisioner_launches_unanswered} and
 * {@code kafkarpenter_provisioner_launches_unanswered_oldest_seconds}. NodeClaims created are counted by the launcher, which
 * creates them. The list of names, types, labels and owners is {@code deploy/metrics/metrics.txt}.
 */
@ApplicationScoped
public class ProvisionerMetrics {

    static final String CONTROLLER = "provisioner";

    private final MeterRegistry registry;
    private final Timer schedulingDuration;
    private final Timer decisionDuration;
    private final AtomicInteger unschedulable = new AtomicInteger();

    ProvisionerMetrics(MeterRegistry registry) {
        this.registry = registry;
        schedulingDuration = Histograms.timer("karpenter.scheduler.scheduling.duration", Histograms.DUR)
            .description("Duration of one scheduling simulation (provisioning pass)")
            .tag("controller", CONTROLLER).register(registry);
        decisionDuration = Histograms.timer("karpenter.pods.scheduling.decision.duration", Histograms.DUR)
            .description("Pending pod seen to a scheduling decision about it").register(registry);
        Gauge.builder("karpenter.scheduler.unschedulable.pods.count", unschedulable, AtomicInteger::get)
            .description("Pods the last provisioning pass could not place")
            .tag("controller", CONTROLLER).register(registry);
    }

    /** One scheduling simulation took this long and left this many pods unplaced. */
    public void pass(long nanos, int unschedulablePods) {
        schedulingDuration.record(nanos, TimeUnit.NANOSECONDS);
        unschedulable.set(unschedulablePods);
    }

    /** No pod is pending: nothing is unschedulable. */
    public void nothingPending() {
        unschedulable.set(0);
    }

    /** A pending pod got a scheduling decision this long after it was seen. */
    public void decided(Duration sinceSeen) {
        decisionDuration.record(sinceSeen.abs());
    }

    public void passError() {
        registry.counter("kafkarpenter.provisioner.pass.errors").increment();
    }

    /** A record consumed from kk.pods.pending, by kind (pending, tombstone ...). */
    public void pendingRecord(String kind) {
        registry.counter("kafkarpenter.provisioner.pending.records", "kind", kind).increment();
    }

    /** The launcher's backlog as the provisioner sees it: launch decisions not answered yet and the oldest's age. */
    public <T> void launcherBacklog(T source, ToDoubleFunction<T> unanswered, ToDoubleFunction<T> oldestSeconds) {
        Gauge.builder("kafkarpenter.provisioner.launches.unanswered", source, unanswered)
            .description("Launch decisions the launcher has not answered yet (they count as in-flight capacity)")
            .register(registry);
        Gauge.builder("kafkarpenter.provisioner.launches.unanswered.oldest", source, oldestSeconds)
            .description("Age in seconds of the oldest launch decision the launcher has not answered (0: none); "
                + "above kk.provisioner.launcher-behind-after the launcher is behind")
            .baseUnit("seconds").register(registry);
    }
}
