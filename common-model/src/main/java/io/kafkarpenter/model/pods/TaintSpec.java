package io.kafkarpenter.model.pods;

/** A node taint (key, optional value, effect NoSchedule / PreferNoSchedule / NoExecute). */
public record TaintSpec(String key, String value, String effect) {
    public TaintSpec {
        Fields.requiredText(key, "key");
        Fields.requiredText(effect, "effect");
    }

    /** {@code key=value:effect}, or {@code key:effect} without a value, as kubectl prints it. */
    @Override
    public String toString() {
        return key + (value == null || value.isEmpty() ? "" : "=" + value) + ":" + effect;
    }
}
