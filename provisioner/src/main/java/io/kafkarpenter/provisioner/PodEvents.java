package io.kafkarpenter.provisioner;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.model.kubeevent.InvolvedObject;
import io.kafkarpenter.model.kubeevent.KarpenterEvents;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.service.kube.KubeEventRecorder;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Kubernetes Events of a provisioning pass, on its pods ({@code kubectl describe pod}): {@code Nominated}
 * ({@code Pod should schedule on: nodeclaim/<name>[, node/<name>]}) for a pod placed on a new or in-flight NodeClaim
 * or an existing node, and a {@code FailedScheduling} warning with our reason for a pod that stays pending
 * ({@link KarpenterEvents#forPod}); deduplicated and rate-limited as Karpenter ({@link KubeEventRecorder}).
 */
@ApplicationScoped
public class PodEvents {

    private final KubeEventRecorder recorder;

    PodEvents(KubernetesClient client, MeterRegistry registry,
              @ConfigProperty(name = "kk.instance", defaultValue = "provisioner") String instance) {
        this.recorder = new KubeEventRecorder(client, "kafkarpenter-provisioner", instance, registry, Clock.systemUTC());
    }

    /**
     * @param nodeClaims the NodeClaims the provisioner knows (to name the NodeClaim of an existing node)
     */
    void publish(List<PodOutcome> outcomes, List<NodeClaim> nodeClaims) {
        Map<String, String> claimOfNode = new HashMap<>();
        for (NodeClaim c : nodeClaims) {
            if (c.getStatus() != null && c.getStatus().getNodeName() != null) {
                claimOfNode.put(c.getStatus().getNodeName(), c.getMetadata().getName());
            }
        }
        for (PodOutcome o : outcomes) {
            String claim = null;
            String node = null;
            if (o.reason() == Reason.SCHEDULED_EXISTING_NODE) {
                node = o.target();
                claim = claimOfNode.get(node);
            } else if (o.target() != null) {
                claim = o.target();
            }
            InvolvedObject pod = InvolvedObject.pod(o.pod().namespace(), o.pod().name(), o.pod().uid());
            KarpenterEvents.forPod(pod, o.reason(), o.message(), claim, node).ifPresent(recorder::publish);
        }
    }

    /** The recorder (tests). */
    KubeEventRecorder recorder() {
        return recorder;
    }

    @PreDestroy
    void close() {
        recorder.close();
    }
}
