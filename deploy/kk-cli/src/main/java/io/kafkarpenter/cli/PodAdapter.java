package io.kafkarpenter.cli;

import io.kafkarpenter.model.pods.FieldException;
import io.kafkarpenter.model.requirements.Requirement;
import io.kafkarpenter.model.inputs.EngineInputs;

import java.util.List;

/** Requirement parsing for scenario fields outside pods (NodePool requirements, PersistentVolume affinity). */
final class PodAdapter {

    private PodAdapter() {
    }

    /** A requirement; a bad operator or value is an InputException naming {@code where.operator/values}. */
    static Requirement requirement(String key, String operator, List<String> values, Integer minValues, String where) {
        try {
            return EngineInputs.requirement(key, operator, values, minValues, "");
        } catch (FieldException e) {
            throw new InputException(where + e.field(), e.problem());
        }
    }
}
