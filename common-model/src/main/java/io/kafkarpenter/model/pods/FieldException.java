package io.kafkarpenter.model.pods;

/**
 * A contract record was built with a missing or invalid field. Thrown by the compact constructors of the
 * records in {@code io.kafkarpenter.model.pods} and {@code io.kafkarpenter.model.events}; the JSON codec
 * ({@code EventJson}) turns it into an {@code InvalidEventException} that prefixes the field with the path
 * of the enclosing records, e.g. {@code PendingPod: missing required field 'pod.uid'}.
 */
public final class FieldException extends IllegalArgumentException {

    private final String field;
    private final String problem;

    public FieldException(String field, String problem) {
        super(problem + " '" + field + "'");
        this.field = field;
        this.problem = problem;
    }

    public static FieldException missing(String field) {
        return new FieldException(field, "missing required field");
    }

    /** The field name inside the record that rejected it (no path). */
    public String field() {
        return field;
    }

    /** What is wrong, e.g. {@code missing required field}. */
    public String problem() {
        return problem;
    }
}
