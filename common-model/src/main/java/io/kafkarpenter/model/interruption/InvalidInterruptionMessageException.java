package io.kafkarpenter.model.interruption;

import io.kafkarpenter.model.events.InvalidEventException;

/**
 * An interruption message body that cannot be read: not JSON, an envelope field of the wrong type, or a handled kind
 * without a field it needs. The message names the field, e.g.
 * {@code InterruptionMessage: missing required field 'detail.instance-id'}. The reader logs it, counts it, records an
 * {@code INTERRUPTION_MALFORMED} decision and deletes the message (Karpenter deletes unparsable messages too); it must
 * never stop the reader.
 */
public class InvalidInterruptionMessageException extends InvalidEventException {

    /** The record name in every message. */
    public static final String RECORD = "InterruptionMessage";

    InvalidInterruptionMessageException(String fieldPath, String problem, Throwable cause) {
        super(RECORD, fieldPath, RECORD + ": " + problem, cause);
    }

    static InvalidInterruptionMessageException missing(String fieldPath) {
        return new InvalidInterruptionMessageException(fieldPath, "missing required field '" + fieldPath + "'", null);
    }

    static InvalidInterruptionMessageException invalid(String fieldPath, String detail) {
        return new InvalidInterruptionMessageException(fieldPath, "invalid value at '" + fieldPath + "': " + detail, null);
    }
}
