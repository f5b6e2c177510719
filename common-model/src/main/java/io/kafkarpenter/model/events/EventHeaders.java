package io.kafkarpenter.model.events;

import java.util.List;

/**
 * Kafka header names. The correlation headers carry the same names as the logging MDC keys, so a consumer
 * copies each header it finds into the MDC and every log line of that record names its NodePool, NodeClaim,
 * pod and decision.
 */
public final class EventHeaders {

    private EventHeaders() {
    }

    /** NodePool name; MDC key {@code nodepool}. */
    public static final String NODEPOOL = "nodepool";
    /** NodeClaim name; MDC key {@code nodeclaim}. */
    public static final String NODECLAIM = "nodeclaim";
    /** Pod as {@code namespace/name}; MDC key {@code pod}. */
    public static final String POD = "pod";
    /** Decision id (or scheduling id); MDC key {@code decision}. */
    public static final String DECISION = "decision";
    /** The payload's schema id, e.g. {@code kk.pending-pod/v1} (optional; the payload carries it too). */
    public static final String SCHEMA = "kk-schema";
    /** On {@code kk.decisions} records: the {@link DecisionKind} name (for metrics, without reading the payload). */
    public static final String DECISION_KIND = "kk-decision-kind";
    /** On {@code kk.decisions} records: the decision's reason name (for metrics, without reading the payload). */
    public static final String DECISION_REASON = "kk-decision-reason";

    /** Header names that are also MDC keys. */
    public static final List<String> MDC_KEYS = List.of(NODEPOOL, NODECLAIM, POD, DECISION);

    // Dead-letter headers: the same names SmallRye Reactive Messaging's Kafka dead-letter-queue strategy writes,
    // so records dead-lettered by the connector and by our own code look alike.
    /** Error message (the reason). */
    public static final String DEAD_LETTER_REASON = "dead-letter-reason";
    /** Message of the error's cause, if any. */
    public static final String DEAD_LETTER_CAUSE = "dead-letter-cause";
    /** Class name of the error. */
    public static final String DEAD_LETTER_EXCEPTION_CLASS_NAME = "dead-letter-exception-class-name";
    /** Class name of the error's cause, if any. */
    public static final String DEAD_LETTER_CAUSE_CLASS_NAME = "dead-letter-cause-class-name";
    /** Topic the record was read from. */
    public static final String DEAD_LETTER_TOPIC = "dead-letter-topic";
    /** Partition the record was read from. */
    public static final String DEAD_LETTER_PARTITION = "dead-letter-partition";
    /** Offset of the record. */
    public static final String DEAD_LETTER_OFFSET = "dead-letter-offset";
    /** Service that could not process it (ours; SmallRye does not write it). */
    public static final String DEAD_LETTER_SERVICE = "dead-letter-service";
}
