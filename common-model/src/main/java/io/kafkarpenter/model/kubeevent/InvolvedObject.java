package io.kafkarpenter.model.kubeevent;

import java.util.Objects;

/**
 * The object an event is about ({@code involvedObject} of a core/v1 Event). Cluster-scoped objects (Node, NodeClaim,
 * NodePool, EC2NodeClass) have no namespace; their events go to namespace {@value #CLUSTER_SCOPED_EVENT_NAMESPACE}, as
 * Karpenter's do.
 *
 * @param uid the object's uid; may be null when unknown (the event is then still written, without it)
 */
public record InvolvedObject(String apiVersion, String kind, String namespace, String name, String uid) {

    /** Where events of cluster-scoped objects are written. */
    public static final String CLUSTER_SCOPED_EVENT_NAMESPACE = "default";

    public InvolvedObject {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        namespace = namespace == null || namespace.isBlank() ? null : namespace;
    }

    public static InvolvedObject pod(String namespace, String name, String uid) {
        return new InvolvedObject("v1", "Pod", namespace, name, uid);
    }

    public static InvolvedObject node(String name, String uid) {
        return new InvolvedObject("v1", "Node", null, name, uid);
    }

    public static InvolvedObject nodeClaim(String name, String uid) {
        return new InvolvedObject("karpenter.sh/v1", "NodeClaim", null, name, uid);
    }

    public static InvolvedObject nodePool(String name, String uid) {
        return new InvolvedObject("karpenter.sh/v1", "NodePool", null, name, uid);
    }

    public static InvolvedObject ec2NodeClass(String name, String uid) {
        return new InvolvedObject("karpenter.k8s.aws/v1", "EC2NodeClass", null, name, uid);
    }

    /** The namespace the event is written to: the object's own, or {@code default} for a cluster-scoped object. */
    public String eventNamespace() {
        return namespace == null ? CLUSTER_SCOPED_EVENT_NAMESPACE : namespace;
    }

    /** The uid, or the name when the uid is unknown (a dedupe value must never be empty). */
    public String uidOrName() {
        return uid == null || uid.isBlank() ? name : uid;
    }

    /** {@code kind/name} or {@code kind/namespace/name}, for logs. */
    @Override
    public String toString() {
        return kind + "/" + (namespace == null ? "" : namespace + "/") + name;
    }
}
