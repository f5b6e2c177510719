package io.kafkarpenter.sandbox.kube.kubelet;

import java.util.List;

/** The instances of this cluster, in any state, as the cloud reports them (EC2 in production; a fake in unit tests). */
public interface CloudInstances {

    List<CloudInstance> list();
}
