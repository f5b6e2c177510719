package io.kafkarpenter.sandbox.kube.kubelet;

import io.fabric8.kubernetes.api.model.Quantity;

import java.util.Map;

/** What an instance type contributes to its Node: well-known labels, capacity and allocatable. */
public record NodeShape(Map<String, String> labels, Map<String, Quantity> capacity, Map<String, Quantity> allocatable) {

    public NodeShape {
        labels = Map.copyOf(labels);
        capacity = Map.copyOf(capacity);
        allocatable = Map.copyOf(allocatable);
    }
}
