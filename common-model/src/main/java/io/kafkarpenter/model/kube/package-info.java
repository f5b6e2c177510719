/** Adapters from fabric8 Kubernetes model objects to the plain contract records ({@link io.kafkarpenter.model.kube.PodViews}). */
package io.kafkarpenter.model.kube;
