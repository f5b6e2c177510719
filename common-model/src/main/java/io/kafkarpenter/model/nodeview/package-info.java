/**
 * The node view: one line per node with its NodePool, instance type, capacity type, zone, age, price, cpu and memory
 * requests against allocatable, pod count and status, and the cluster's totals — what eks-node-viewer shows. One code
 * path for {@code bin/kk nodes}, the web viewer and the demo's phases: {@link io.kafkarpenter.model.nodeview.NodeView#of}.
 * Plain Java over fabric8 model objects, read through the {@link io.kafkarpenter.model.kube} adapters; no I/O.
 */
package io.kafkarpenter.model.nodeview;
