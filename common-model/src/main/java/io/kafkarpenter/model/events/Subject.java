package io.kafkarpenter.model.events;

import io.kafkarpenter.model.pods.Fields;

/** An object a decision is about: kind ({@code Pod}, {@code Node}, {@code NodeClaim}, {@code NodePool}, ...), namespace (pods only), name, uid. */
public record Subject(String kind, String namespace, String name, String uid) {
    public Subject {
        Fields.requiredText(kind, "kind");
        Fields.requiredText(name, "name");
    }

    public static Subject nodePool(String name) {
        return new Subject("NodePool", null, name, null);
    }

    public static Subject nodeClaim(String name) {
        return new Subject("NodeClaim", null, name, null);
    }

    public static Subject node(String name) {
        return new Subject("Node", null, name, null);
    }

    public static Subject pod(String namespace, String name, String uid) {
        return new Subject("Pod", namespace, name, uid);
    }

    public static Subject ec2NodeClass(String name) {
        return new Subject("EC2NodeClass", null, name, null);
    }

    /**
     * An AWS resource by kind and id: {@code EKSCluster} (name), {@code Subnet}, {@code SecurityGroup},
     * {@code Instance}, {@code InstanceProfile} (name).
     */
    public static Subject awsResource(String kind, String id) {
        return new Subject(kind, null, id, null);
    }
}
