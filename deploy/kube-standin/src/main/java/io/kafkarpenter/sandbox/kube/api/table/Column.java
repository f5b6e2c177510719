package io.kafkarpenter.sandbox.kube.api.table;

/**
 * A Table column definition (meta.k8s.io/v1 TableColumnDefinition).
 *
 * @param type     string, integer, number, boolean or date
 * @param format   "name" for the object's name column, else ""
 * @param priority 0 = always shown; higher = only with {@code -o wide}
 */
public record Column(String name, String type, String format, String description, int priority) {

    public static final String NAME_DESCRIPTION = "Name must be unique within a namespace. Is required when creating "
            + "resources, although some resources may allow a client to request the generation of an appropriate name "
            + "automatically. Name is primarily intended for creation idempotence and configuration definition. "
            + "Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names";

    public static Column objectName() {
        return new Column("Name", "string", "name", NAME_DESCRIPTION, 0);
    }

    public static Column string(String name, String description) {
        return new Column(name, "string", "", description, 0);
    }

    public static Column integer(String name, String description) {
        return new Column(name, "integer", "", description, 0);
    }

    /** The same column shown only with {@code -o wide}. */
    public Column wide() {
        return new Column(name, type, format, description, 1);
    }
}
