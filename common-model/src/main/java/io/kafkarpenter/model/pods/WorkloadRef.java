package io.kafkarpenter.model.pods;

/**
 * The workload that controls a pod: kind, name and (when known) uid. For a ReplicaSet whose name is
 * {@code <deployment>-<pod-template-hash>} this is the Deployment (uid unknown from the pod: null);
 * otherwise the controlling owner reference itself (StatefulSet, Job, ReplicaSet, ...).
 */
public record WorkloadRef(String apiVersion, String kind, String name, String uid) {
    public WorkloadRef {
        Fields.requiredText(kind, "kind");
        Fields.requiredText(name, "name");
    }
}
