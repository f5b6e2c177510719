package io.kafkarpenter.model.crd;

/**
 * A manifest that cannot be read into Karpenter's types. The message names the document (1-based), the object
 * ({@code kind name}) when known, and the field path.
 */
public class ManifestException extends RuntimeException {
    private final int document;
    private final String fieldPath;

    public ManifestException(int document, String object, String fieldPath, String problem, Throwable cause) {
        super(message(document, object, fieldPath, problem), cause);
        this.document = document;
        this.fieldPath = fieldPath;
    }

    private static String message(int document, String object, String fieldPath, String problem) {
        StringBuilder out = new StringBuilder("document ").append(document);
        if (object != null) {
            out.append(" (").append(object).append(')');
        }
        out.append(": ");
        if (fieldPath != null && !fieldPath.isEmpty()) {
            out.append(fieldPath).append(": ");
        }
        return out.append(problem).toString();
    }

    /** 1-based index of the YAML document. */
    public int document() {
        return document;
    }

    /** Path of the offending field, e.g. {@code spec.template.spec.requirements[0].minValues}; empty if none. */
    public String fieldPath() {
        return fieldPath == null ? "" : fieldPath;
    }
}
