package io.kafkarpenter.launcher.interruption;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.kafkarpenter.model.interruption.MessageType;
import io.kafkarpenter.service.metrics.Histograms;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The interruption reader's metrics, Karpenter's names (reference karpenter-observability.md §1.2):
 * {@code karpenter_interruption_received_messages_total{message_type}} (every parsed message, {@code no_op} included;
 * not the unreadable ones), {@code karpenter_interruption_deleted_messages_total} (each successful DeleteMessage,
 * malformed ones included), the histogram {@code karpenter_interruption_message_queue_duration_seconds} (event time to
 * handled, Karpenter's DUR buckets); and ours, {@code kafkarpenter_interruption_malformed_messages_total}. The counters
 * are registered at 0 once the reader starts (an alert's increase() sees the first one).
 */
@ApplicationScoped
public class InterruptionMetrics {

    private final MeterRegistry registry;

    public InterruptionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The counters at 0: the reader is about to read. */
    public void registerAtZero() {
        for (MessageType type : MessageType.values()) {
            registry.counter("karpenter.interruption.received.messages", "message_type", type.label());
        }
        registry.counter("karpenter.interruption.deleted.messages");
        registry.counter("kafkarpenter.interruption.malformed.messages");
    }

    public void received(MessageType type) {
        registry.counter("karpenter.interruption.received.messages", "message_type", type.label()).increment();
    }

    public void deleted() {
        registry.counter("karpenter.interruption.deleted.messages").increment();
    }

    public void malformed() {
        registry.counter("kafkarpenter.interruption.malformed.messages").increment();
    }

    public void queueDuration(Duration duration) {
        Histograms.timer("karpenter.interruption.message.queue.duration", Histograms.DUR)
            .description("Interruption message: event time to handled")
            .register(registry).record(duration.isNegative() ? Duration.ZERO : duration);
    }
}
