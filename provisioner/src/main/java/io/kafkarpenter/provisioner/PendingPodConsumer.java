package io.kafkarpenter.provisioner;

import io.kafkarpenter.service.EventMessages;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.InvalidEventException;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.pods.PodSchedulingView;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonMessage;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Reads {@code kk.pods.pending} (channel {@code pods-pending}) into {@link PendingPods} and explains each pending pod
 * on {@code kk.decisions} (channel {@code decisions}).
 *
 * <p>Skeleton behaviour until the scheduling engine is wired in: every pending pod gets a decision record saying it
 * stays pending because this provisioner knows no ready NodePool yet ({@link Reason#NO_NODEPOOLS}). The record's key
 * (the scheduling id) is derived from the pod uid, so a redelivered record produces the same decision.
 *
 * <p>A record that is not a valid {@link PendingPod} throws: SmallRye's dead-letter-queue failure strategy then
 * writes it to {@code kk.dlq.provisioner} with the error in its headers, and consumption goes on. The offset is
 * committed only after the decision record is acknowledged by the broker (at least once).
 */
@ApplicationScoped
public class PendingPodConsumer {

    static final String SERVICE = "provisioner";
    private static final Logger LOG = Logger.getLogger(PendingPodConsumer.class);

    private final PendingPods pendingPods;
    private final MutinyEmitter<byte[]> decisions;
    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();

    PendingPodConsumer(PendingPods pendingPods, @Channel("decisions") MutinyEmitter<byte[]> decisions,
                       MeterRegistry registry) {
        this.pendingPods = pendingPods;
        this.decisions = decisions;
        this.registry = registry;
    }

    @Incoming("pods-pending")
    @Blocking
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        EventMessages.enterMdc(record);
        try {
            if (record.value() == null) {
                boolean wasPending = pendingPods.remove(record.key());
                LOG.debugf("pod uid %s is no longer pending (tombstone; was known: %s)", record.key(), wasPending);
                count("tombstone");
                return;
            }
            PendingPod pending = EventJson.read(record.value(), PendingPod.class);
            if (!pending.key().equals(record.key())) {
                throw new InvalidEventException("PendingPod", "pod.uid", "PendingPod: record key '" + record.key()
                    + "' is not the pod's uid 'pod.uid' (" + pending.key() + ")", null);
            }
            pendingPods.put(pending);
            DecisionRecord decision = explainPending(pending.pod());
            Correlation correlation = Correlation.NONE.withPod(pending.pod().ref().toString())
                .withDecision(decision.schedulingId());
            EventMessages.putMdc(correlation);
            decisions.sendMessageAndAwait(EventMessages.message(decision.key(), decision, correlation));
            LOG.infof("pod %s pending: %s", pending.pod().ref(), decision.message());
            count("pending");
        } finally {
            EventMessages.clearMdc();
        }
    }

    private DecisionRecord explainPending(PodSchedulingView pod) {
        ReasonMessage why = Reason.NO_NODEPOOLS.format();
        return new DecisionRecord("pod-" + pod.uid(), null, SERVICE, DecisionKind.PROVISIONING,
            List.of(Subject.pod(pod.namespace(), pod.name(), pod.uid())), why.reason(), why.text(),
            List.of(new PodOutcome(pod.ref(), why.reason(), why.text(), null)), Instant.now(clock));
    }

    private void count(String kind) {
        registry.counter("kk.provisioner.pending.records", "kind", kind).increment();
    }
}
