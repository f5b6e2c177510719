/**
 * Kubernetes Events as Karpenter publishes them, without a client: {@link io.kafkarpenter.model.kubeevent.KubeEvent}
 * (what to write, on which object, how it is deduplicated), {@link io.kafkarpenter.model.kubeevent.KarpenterEvents}
 * (one factory per reason, Karpenter's reason strings and wording) and
 * {@link io.kafkarpenter.model.kubeevent.EventDeduplicator} (Karpenter's dedupe cache and token bucket). The service
 * side that writes core/v1 Events is {@code io.kafkarpenter.service.kube.KubeEventRecorder}. Plain Java only.
 */
package io.kafkarpenter.model.kubeevent;
