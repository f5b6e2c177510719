package io.kafkarpenter.service;

import static java.nio.charset.StandardCharsets.UTF_8;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.MDC;

import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventHeaders;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.InvalidEventException;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * The Kafka/SmallRye side of the event contracts: correlation ids from a consumed record's headers into the MDC,
 * and an outgoing message with key, versioned JSON payload and correlation headers.
 * (The framework-free part, {@link Correlation} and {@link EventJson}, lives in common-model.)
 */
public final class EventMessages {

    private EventMessages() {
    }

    /** The record's correlation headers, also put in the MDC until {@link #clearMdc()}. */
    public static Correlation enterMdc(ConsumerRecord<?, ?> record) {
        Correlation correlation = Correlation.fromHeaderBytes(name -> {
            Header header = record.headers().lastHeader(name);
            return header == null ? null : header.value();
        });
        correlation.forEach(MDC::put);
        return correlation;
    }

    public static void putMdc(Correlation correlation) {
        correlation.forEach(MDC::put);
    }

    public static void clearMdc() {
        EventHeaders.MDC_KEYS.forEach(MDC::remove);
    }

    /**
     * A {@code kk.nodeclaims.status} record read and checked (its key must be its NodeClaim's name), with the
     * NodeClaim's NodePool, name and decision id added to the MDC. Call inside {@link #enterMdc}/{@link #clearMdc()}.
     *
     * @throws InvalidEventException an unreadable record or a key that is not the NodeClaim's name (dead-lettered)
     */
    public static NodeClaimStatusChange nodeClaimStatus(ConsumerRecord<String, byte[]> record) {
        NodeClaimStatusChange change = EventJson.read(record.value(), NodeClaimStatusChange.class);
        if (!change.key().equals(record.key())) {
            throw new InvalidEventException("NodeClaimStatusChange", "nodeClaimName", "NodeClaimStatusChange: record key '"
                + record.key() + "' is not its 'nodeClaimName' (" + change.nodeClaimName() + ")", null);
        }
        putMdc(Correlation.NONE.withNodePool(change.nodePool()).withNodeClaim(change.nodeClaimName())
            .withDecision(change.decisionId()));
        return change;
    }

    /**
     * A message for an outgoing channel: {@code payload} as versioned JSON, with the key and correlation headers (and,
     * for a {@link DecisionRecord}, its kind and reason as headers).
     */
    public static Message<byte[]> message(String key, Object payload, Correlation correlation) {
        return message(key, payload, correlation, null);
    }

    /** Like {@link #message(String, Object, Correlation)}, to the given partition (null: the key's). */
    public static Message<byte[]> message(String key, Object payload, Correlation correlation, Integer partition) {
        RecordHeaders headers = headers(correlation);
        headers.add(EventHeaders.SCHEMA, EventJson.schemaOf(payload.getClass()).getBytes(UTF_8));
        if (payload instanceof DecisionRecord decision) {
            headers.add(EventHeaders.DECISION_KIND, decision.kind().name().getBytes(UTF_8));
            headers.add(EventHeaders.DECISION_REASON, decision.reason().name().getBytes(UTF_8));
        }
        var metadata = OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers);
        if (partition != null) {
            metadata.withPartition(partition);
        }
        return Message.of(EventJson.toBytes(payload)).addMetadata(metadata.build());
    }

    public static RecordHeaders headers(Correlation correlation) {
        RecordHeaders headers = new RecordHeaders();
        correlation.forEach((name, value) -> headers.add(name, value.getBytes(UTF_8)));
        return headers;
    }
}
