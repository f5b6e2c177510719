package io.kafkarpenter.model.events;

import io.kafkarpenter.model.pods.Fields;

/** A NodePool's {@code nodeClassRef}, e.g. {@code karpenter.k8s.aws / EC2NodeClass / default}. */
public record NodeClassRef(String group, String kind, String name) {
    public NodeClassRef {
        Fields.requiredText(group, "group");
        Fields.requiredText(kind, "kind");
        Fields.requiredText(name, "name");
    }

    public static NodeClassRef ec2NodeClass(String name) {
        return new NodeClassRef("karpenter.k8s.aws", "EC2NodeClass", name);
    }
}
