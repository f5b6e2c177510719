package io.kafkarpenter.sandbox.kube.kubelet;

import java.util.Optional;

/** Labels, capacity and allocatable of an instance type, or empty when the type is unknown. */
public interface InstanceTypeFacts {

    Optional<NodeShape> shape(String instanceType);
}
