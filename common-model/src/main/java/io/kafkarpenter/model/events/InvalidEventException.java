package io.kafkarpenter.model.events;

/**
 * A payload could not be read. The message names the record and the field path, e.g.
 * {@code PendingPod: missing required field 'pod.uid'}; services put it in the dead-letter headers.
 */
public class InvalidEventException extends RuntimeException {

    private final String recordName;
    private final String fieldPath;

    public InvalidEventException(String recordName, String fieldPath, String message, Throwable cause) {
        super(message, cause);
        this.recordName = recordName;
        this.fieldPath = fieldPath;
    }

    /** Simple name of the record being read, e.g. {@code PendingPod} ({@code event} when unknown). */
    public String recordName() {
        return recordName;
    }

    /** Dotted path of the offending field, e.g. {@code pod.uid} or {@code instanceTypes[0].name}; null if not about one field. */
    public String fieldPath() {
        return fieldPath;
    }
}
