package io.kafkarpenter.model.crd.validation;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/** Collects the violations of one object. */
final class Violations {
    private final String kind;
    private final String name;
    private final List<Violation> found = new ArrayList<>();

    Violations(String kind, HasMetadata object) {
        this.kind = kind;
        this.name = object != null && object.getMetadata() != null && object.getMetadata().getName() != null
                ? object.getMetadata().getName() : "<unnamed>";
    }

    void add(String fieldPath, String message) {
        found.add(new Violation(kind, name, fieldPath, message));
    }

    List<Violation> list() {
        return List.copyOf(found);
    }
}
