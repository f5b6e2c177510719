package io.kafkarpenter.podwatcher;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.pods.PodRef;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.kafkarpenter.service.EventMessages;
import io.kafkarpenter.service.kafka.RetriedSend;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Pods kube-scheduler marked Unschedulable that Karpenter would still not act on (karpenter-core §1.2: opts out of
 * NodePools, matchFields, restricted or invalid selectors, DRA claims): one decision record on {@code kk.decisions}
 * saying why, per pod and reason (not repeated while the reason stays; a failed send is retried with backoff,
 * {@link RetriedSend}), and Karpenter's
 * {@code karpenter_scheduler_ignored_pods_count}.
 */
@ApplicationScoped
public class IgnoredPods {

    static final String SERVICE = "pod-watcher";
    private static final Logger LOG = Logger.getLogger(IgnoredPods.class);

    private final MutinyEmitter<byte[]> decisions;
    private final RetriedSend retry;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, String> explained = new ConcurrentHashMap<>();

    @Inject
    IgnoredPods(@Channel("decisions") MutinyEmitter<byte[]> decisions, PodWatcherConfig config, MeterRegistry registry) {
        this(decisions, new RetriedSend(config.sendRetry().initialDelay(), config.sendRetry().maxDelay()), registry);
    }

    IgnoredPods(MutinyEmitter<byte[]> decisions, RetriedSend retry, MeterRegistry registry) {
        this.decisions = decisions;
        this.retry = retry;
        this.registry = registry;
        registry.gauge("karpenter.scheduler.ignored.pods.count", explained, Map::size);
        io.micrometer.core.instrument.Gauge.builder("karpenter.pods.state", explained, Map::size)
            .description("Pending pods by state (Karpenter's name; here counted per state, not one series per pod)")
            .tags("phase", "Pending", "state", "ignored").register(registry);
    }

    void ignored(PodRef pod, ReasonMessage why) {
        if (why.text().equals(explained.put(pod.uid(), why.text()))) {
            return;
        }
        String id = "ignored-" + pod.uid();
        DecisionRecord record = new DecisionRecord(id, null, SERVICE, DecisionKind.PROVISIONING,
            List.of(Subject.pod(pod.namespace(), pod.name(), pod.uid())), why.reason(), why.text(),
            List.of(new PodOutcome(pod, why.reason(), "ignored: " + why.text(), null)), clock.instant());
        registry.counter("kafkarpenter.podwatcher.ignored.pods", "reason", why.reason().code()).increment();
        LOG.infof("pod %s is ignored: %s", pod, why.text());
        // retried until the broker has it, unless the pod stopped being ignored for this reason meanwhile
        retry.send(() -> decisions.sendMessage(EventMessages.message(id, record, Correlation.NONE.withPod(pod.toString())
                .withDecision(id))), () -> why.text().equals(explained.get(pod.uid())),
                e -> LOG.warnf("cannot publish the decision for pod %s: %s; retrying with backoff", pod, e.getMessage()))
            .subscribe().with(ok -> { }, e -> LOG.errorf(e, "cannot publish the decision for pod %s", pod));
    }

    /** The pod is gone or no longer ignored. */
    void forget(String uid) {
        explained.remove(uid);
    }
}
