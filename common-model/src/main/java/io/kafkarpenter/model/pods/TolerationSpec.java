package io.kafkarpenter.model.pods;

/**
 * A pod toleration. {@code operator} is Equal (default) or Exists; an empty key with Exists tolerates
 * everything; an empty effect matches all effects.
 */
public record TolerationSpec(String key, String operator, String value, String effect, Long tolerationSeconds) {
    public TolerationSpec {
        operator = Fields.orDefault(operator, "Equal");
    }

    public static TolerationSpec equal(String key, String value, String effect) {
        return new TolerationSpec(key, "Equal", value, effect, null);
    }

    public static TolerationSpec exists(String key, String effect) {
        return new TolerationSpec(key, "Exists", null, effect, null);
    }
}
