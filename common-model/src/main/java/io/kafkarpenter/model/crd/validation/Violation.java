package io.kafkarpenter.model.crd.validation;

/**
 * One broken rule of a Karpenter object, e.g.
 * {@code NodePool default: spec.template.spec.requirements[1].operator: unsupported operator "Foo" (must be ...)}.
 *
 * @param objectKind NodePool, NodeClaim or EC2NodeClass
 * @param objectName {@code metadata.name}, or {@code <unnamed>}
 * @param fieldPath  path from the object root, e.g. {@code spec.disruption.budgets[0].schedule}
 * @param message    what is wrong and what is allowed
 */
public record Violation(String objectKind, String objectName, String fieldPath, String message) {
    @Override
    public String toString() {
        return objectKind + " " + objectName + ": " + fieldPath + ": " + message;
    }
}
