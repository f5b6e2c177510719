package io.kafkarpenter.model.crd.validation;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown by the validators' {@code requireValid} methods; the message lists every violation, one per line. */
public class InvalidResourceException extends RuntimeException {
    private final List<Violation> violations;

    public InvalidResourceException(List<Violation> violations) {
        super(violations.stream().map(Violation::toString).collect(Collectors.joining("\n")));
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
