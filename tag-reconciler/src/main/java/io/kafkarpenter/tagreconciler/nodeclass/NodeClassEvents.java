package io.kafkarpenter.tagreconciler.nodeclass;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.kubeevent.InvolvedObject;
import io.kafkarpenter.model.kubeevent.KarpenterEvents;
import io.kafkarpenter.service.kube.KubeEventRecorder;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Kubernetes Events on EC2NodeClasses: a status-condition transition event for each condition whose status the
 * tag-reconciler changed (as Karpenter's EC2NodeClass status controller: "Status condition transitioned, Type:
 * SubnetsReady, Status: Unknown -> False, Reason: SubnetsNotFound, Message: ..." — so a selector that matches
 * nothing shows in {@code kubectl describe ec2nodeclass}), and a {@code DiscoveryTagConflict} warning on a class that
 * selects by the discovery tag when a resource holds that tag with another cluster's value.
 */
@ApplicationScoped
public class NodeClassEvents {

    private final KubeEventRecorder recorder;

    NodeClassEvents(KubernetesClient client, MeterRegistry registry,
                    @ConfigProperty(name = "kk.instance", defaultValue = "tag-reconciler") String instance) {
        this.recorder = new KubeEventRecorder(client, "kafkarpenter-tag-reconciler", instance, registry,
            Clock.systemUTC());
    }

    static Map<String, String> statuses(List<Condition> conditions) {
        Map<String, String> out = new HashMap<>();
        if (conditions != null) {
            conditions.forEach(c -> out.put(c.getType(), c.getStatus()));
        }
        return out;
    }

    /** One event per condition of {@code after} whose status differs from {@code before} (absent = Unknown). */
    void transitions(EC2NodeClass nodeClass, Map<String, String> before, List<Condition> after) {
        InvolvedObject object = KubeEventRecorder.involved(nodeClass);
        for (Condition c : after) {
            String old = before.getOrDefault(c.getType(), "Unknown");
            if (!old.equals(c.getStatus())) {
                recorder.publish(KarpenterEvents.conditionTransition(object, c.getType(), old, c.getStatus(),
                    c.getReason(), c.getMessage()));
            }
        }
    }

    void conflicts(EC2NodeClass nodeClass, List<String> conflicts) {
        InvolvedObject object = KubeEventRecorder.involved(nodeClass);
        conflicts.forEach(c -> recorder.publish(KarpenterEvents.discoveryTagConflict(object, c)));
    }

    /** The recorder (tests). */
    public KubeEventRecorder recorder() {
        return recorder;
    }

    @PreDestroy
    void close() {
        recorder.close();
    }
}
