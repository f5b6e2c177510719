package io.kafkarpenter.consolidator;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.model.disruption.ClusterSnapshot;
import io.kafkarpenter.model.disruption.DisruptionFacts;
import io.kafkarpenter.model.disruption.NodeVerdict;
import io.kafkarpenter.model.kubeevent.KarpenterEvents;
import io.kafkarpenter.service.kube.KubeEventRecorder;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The consolidator's Kubernetes Events, as Karpenter's disruption controller: for every node it did not disrupt,
 * {@code DisruptionBlocked} or {@code Unconsolidatable} on the Node and its NodeClaim ({@link KarpenterEvents#forVerdict},
 * deduplicated per object for 2 and 15 minutes), and on each NodePool with nodes whose budget allows no disruption
 * for a reason {@code DisruptionBlocked} "No allowed disruptions for disruption reason ... due to blocking budget"
 * (1 minute). Published on every pass; the dedupe keeps them as rare as Karpenter's.
 */
@ApplicationScoped
public class DisruptionEvents {

    /** The budget reasons Karpenter checks (its DisruptionReason values). */
    static final List<String> BUDGET_REASONS = List.of("Empty", "Drifted", "Underutilized");

    private final KubeEventRecorder recorder;

    DisruptionEvents(KubernetesClient client, MeterRegistry registry,
                     @ConfigProperty(name = "kk.instance", defaultValue = "consolidator") String instance) {
        this.recorder = new KubeEventRecorder(client, "kafkarpenter-consolidator", instance, registry,
            Clock.systemUTC());
    }

    /**
     * @param claimOfNode the NodeClaim of each snapshot node
     * @param node        the Node object of a name (empty when the NodeClaim has no Node yet)
     * @param nodeClaim   the NodeClaim object of a name
     */
    void verdicts(List<NodeVerdict> verdicts, Map<String, String> claimOfNode,
                  Function<String, java.util.Optional<? extends HasMetadata>> node,
                  Function<String, java.util.Optional<? extends HasMetadata>> nodeClaim) {
        for (NodeVerdict v : verdicts) {
            node.apply(v.node()).ifPresent(n -> KarpenterEvents.forVerdict(KubeEventRecorder.involved(n), v.why())
                .ifPresent(recorder::publish));
            String claim = claimOfNode.get(v.node());
            if (claim != null) {
                nodeClaim.apply(claim).ifPresent(c -> KarpenterEvents.forVerdict(KubeEventRecorder.involved(c), v.why())
                    .ifPresent(recorder::publish));
            }
        }
    }

    /** {@code DisruptionBlocked} on each NodePool with nodes whose budget for a reason is exhausted. */
    void budgets(ClusterSnapshot snapshot, Function<String, java.util.Optional<? extends HasMetadata>> nodePool) {
        Set<String> withNodes = snapshot.nodes().stream().map(n -> n.nodePool()).filter(p -> p != null)
            .collect(Collectors.toSet());
        for (String reason : BUDGET_REASONS) {
            DisruptionFacts.allowedDisruptions(snapshot, reason).forEach((pool, allowed) -> {
                if (allowed == 0 && withNodes.contains(pool)) {
                    nodePool.apply(pool).ifPresent(np -> recorder.publish(
                        KarpenterEvents.nodePoolDisruptionBlocked(KubeEventRecorder.involved(np), reason)));
                }
            });
        }
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
