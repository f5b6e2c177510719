package io.kafkarpenter.model.crd;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Base of the spec/status value classes: equality, hash and {@code toString} by their JSON form, so two objects are
 * equal exactly when they serialize the same (what a drift check or an idempotent update needs).
 */
public abstract class KubeValue {
    private static final JsonMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (other == null || other.getClass() != getClass()) {
            return false;
        }
        return JSON.valueToTree(this).equals(JSON.valueToTree(other));
    }

    @Override
    public int hashCode() {
        return JSON.valueToTree(this).hashCode();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + JSON.valueToTree(this);
    }
}
