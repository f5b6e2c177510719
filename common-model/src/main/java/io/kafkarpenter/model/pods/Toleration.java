package io.kafkarpenter.model.pods;

/**
 * A pod toleration. {@code operator} is Equal (default) or Exists; an empty key with Exists tolerates
 * everything; an empty effect matches all effects.
 */
public record Toleration(String key, String operator, String value, String effect, Long tolerationSeconds) {
    public Toleration {
        operator = Fields.orDefault(operator, "Equal");
    }

    public static Toleration equal(String key, String value, String effect) {
        return new Toleration(key, "Equal", value, effect, null);
    }

    public static Toleration exists(String key, String effect) {
        return new Toleration(key, "Exists", null, effect, null);
    }
}
