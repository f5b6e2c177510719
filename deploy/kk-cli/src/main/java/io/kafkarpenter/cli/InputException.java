package io.kafkarpenter.cli;

/** Bad input: names the file, the field (a path like {@code pods[2].spec.containers[0].resources.requests.cpu}) and what is wrong. */
public final class InputException extends RuntimeException {

    private final String field;

    public InputException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** The one line printed on stderr. */
    public String oneLine(String file) {
        String msg = (getMessage() == null ? "invalid" : getMessage()).replace('\n', ' ').replace('\r', ' ');
        return file + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + msg;
    }
}
