package io.kafkarpenter.launcher;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.kubeevent.InvolvedObject;
import io.kafkarpenter.model.kubeevent.KarpenterEvents;
import io.kafkarpenter.model.kubeevent.KubeEvent;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.service.kube.KubeEventRecorder;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The launcher's Kubernetes Events, on the NodeClaims (and Nodes) it manages, as Karpenter: status-condition
 * transitions ({@code Launched}, {@code Registered}, {@code Initialized}, {@code Ready}: "Status condition
 * transitioned, ..."), {@code InsufficientCapacityError}, {@code DisruptionLaunching} on a disruption's replacement
 * and {@code DisruptionTerminating} on the disrupted Node and NodeClaim ({@link KarpenterEvents}).
 */
@ApplicationScoped
public class NodeClaimEvents {

    private final KubeEventRecorder recorder;

    NodeClaimEvents(KubernetesClient client, MeterRegistry registry,
                    @ConfigProperty(name = "kk.instance", defaultValue = "launcher") String instance) {
        this.recorder = new KubeEventRecorder(client, "kafkarpenter-launcher", instance, registry, Clock.systemUTC());
    }

    /** The status of each condition of {@code claim} (taken before a change, for {@link #transitions}). */
    public static Map<String, String> statuses(NodeClaim claim) {
        Map<String, String> out = new HashMap<>();
        if (claim != null && claim.getStatus() != null && claim.getStatus().getConditions() != null) {
            claim.getStatus().getConditions().forEach(c -> out.put(c.getType(), c.getStatus()));
        }
        return out;
    }

    /** One event per condition whose status differs from {@code before} (an absent condition was Unknown). */
    public void transitions(NodeClaim after, Map<String, String> before) {
        if (after == null || before == null || after.getStatus() == null || after.getStatus().getConditions() == null) {
            return;
        }
        InvolvedObject object = KubeEventRecorder.involved(after);
        for (Condition c : after.getStatus().getConditions()) {
            String old = before.getOrDefault(c.getType(), "Unknown");
            if (!old.equals(c.getStatus())) {
                recorder.publish(KarpenterEvents.conditionTransition(object, c.getType(), old, c.getStatus(),
                    c.getReason(), c.getMessage()));
            }
        }
    }

    public void insufficientCapacity(NodeClaim claim, String error) {
        recorder.publish(KarpenterEvents.insufficientCapacityError(KubeEventRecorder.involved(claim), error));
    }

    /** On a disruption's replacement NodeClaim, once created. */
    public void disruptionLaunching(NodeClaim replacement, Reason reason) {
        recorder.publish(KarpenterEvents.disruptionLaunching(KubeEventRecorder.involved(replacement), reason));
    }

    /** On the disrupted NodeClaim and its Node (when it has one), as the NodeClaim is deleted. */
    public void disruptionTerminating(NodeClaim claim, Node node, Reason reason) {
        if (node != null) {
            recorder.publish(KarpenterEvents.disruptionTerminating(KubeEventRecorder.involved(node), reason));
        }
        recorder.publish(KarpenterEvents.disruptionTerminating(KubeEventRecorder.involved(claim), reason));
    }

    /** Events built elsewhere (the interruption reader's {@code SpotInterrupted}, {@code TerminatingOnInterruption}, ...). */
    public void publish(List<KubeEvent> events) {
        events.forEach(recorder::publish);
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
