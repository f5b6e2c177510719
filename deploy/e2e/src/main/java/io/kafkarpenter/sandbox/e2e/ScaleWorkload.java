package io.kafkarpenter.sandbox.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTermBuilder;
import io.kafkarpenter.cli.SchedulingBenchmark;
import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.EventHeaders;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.kube.PodViews;
import io.kafkarpenter.model.scheduling.LabelSelector;
import io.kafkarpenter.model.scheduling.PodAffinityTerm;
import io.kafkarpenter.model.scheduling.SchedulingPod;
import io.kafkarpenter.model.scheduling.SpreadConstraint;

/**
 * The pods of {@code bin/kk bench scale}: Karpenter's diverse scheduling-benchmark mix (kk-cli's
 * {@link SchedulingBenchmark#diversePods}, the generator of {@code bin/kk bench scheduling}) as Pods kube-scheduler
 * marked Unschedulable, and their {@code kk.pods.pending} records exactly as the pod-watcher writes them: the payload
 * from {@link PodViews#pendingPod} (the pod-watcher's conversion), key = pod uid, the correlation and schema headers,
 * and the partition of the pod's workload (Kafka's murmur2 of {@code workloadKey}, as the pod-watcher's
 * {@code WorkloadPartitions}).
 */
final class ScaleWorkload {

    static final String PAUSE_IMAGE = "public.ecr.aws/eks-distro/kubernetes/pause:3.7";
    static final String SCHEDULER_MESSAGE = "0/0 nodes are available: no nodes available to schedule pods.";

    private ScaleWorkload() {
    }

    /** {@code count} pending Pods of the diverse mix (seeded), created one millisecond apart from {@code createdAt}. */
    static List<Pod> pods(int count, long seed, Instant createdAt) {
        List<Pod> out = new ArrayList<>(count);
        for (SchedulingPod p : SchedulingBenchmark.diversePods(count, new Random(seed))) {
            out.add(pod(p, createdAt.plusMillis(p.creationOrder())));
        }
        return out;
    }

    /** One engine pod as the Pod kube-scheduler left pending: same labels, requests, spread and (anti-)affinity. */
    static Pod pod(SchedulingPod p, Instant createdAt) {
        if (present(p.requiredTerms()) || present(p.preferredTerms()) || present(p.tolerations())
            || present(p.hostPorts()) || present(p.volumeAlternatives())) {
            throw new IllegalArgumentException(p.key() + ": node affinity, tolerations, host ports and volumes are not "
                + "part of the diverse mix");
        }
        Map<String, Quantity> requests = new LinkedHashMap<>();
        p.requests().format().forEach((name, value) -> {
            if (!"pods".equals(name)) { // the engine's own count of one pod, not a container request
                requests.put(name, new Quantity(value));
            }
        });
        return new PodBuilder()
            .withNewMetadata().withNamespace(p.namespace()).withName(p.name()).withUid(p.uid())
                .withLabels(p.labels()).withCreationTimestamp(createdAt.toString()).endMetadata()
            .withNewSpec().withSchedulerName("default-scheduler").withNodeSelector(p.nodeSelector())
                .addNewContainer().withName("app").withImage(PAUSE_IMAGE).withNewResources().withRequests(requests)
                    .endResources().endContainer()
                .withTopologySpreadConstraints(p.spread().stream().map(ScaleWorkload::spread).toList())
                .withAffinity(affinity(p))
            .endSpec()
            .withNewStatus().withPhase("Pending").addNewCondition().withType("PodScheduled").withStatus("False")
                .withReason("Unschedulable").withMessage(SCHEDULER_MESSAGE).endCondition().endStatus()
            .build();
    }

    private static boolean present(List<?> list) {
        return list != null && !list.isEmpty();
    }

    /** The pod's {@code kk.pods.pending} record, as the pod-watcher publishes it. */
    static ProducerRecord<String, byte[]> record(PendingPod pending, int partitions) {
        RecordHeaders headers = new RecordHeaders();
        Correlation.NONE.withPod(pending.pod().ref().toString()).forEach((name, value) -> headers.add(name, value.getBytes(UTF_8)));
        headers.add(EventHeaders.SCHEMA, EventJson.schemaOf(PendingPod.class).getBytes(UTF_8));
        return new ProducerRecord<>(Topics.PODS_PENDING, partition(pending.pod().workloadKey(), partitions), null,
            pending.key(), EventJson.toBytes(pending), headers);
    }

    /** The pod-watcher's partition of a workload ({@code WorkloadPartitions.partition}). */
    static int partition(String workloadKey, int partitions) {
        return Utils.toPositive(Utils.murmur2(workloadKey.getBytes(UTF_8))) % partitions;
    }

    private static io.fabric8.kubernetes.api.model.TopologySpreadConstraint spread(SpreadConstraint s) {
        return new TopologySpreadConstraintBuilder().withTopologyKey(s.topologyKey()).withMaxSkew(s.maxSkew())
            .withWhenUnsatisfiable(s.doNotSchedule() ? "DoNotSchedule" : "ScheduleAnyway")
            .withLabelSelector(selector(s.selector())).build();
    }

    private static Affinity affinity(SchedulingPod p) {
        if (p.requiredAffinity().isEmpty() && p.preferredAffinity().isEmpty() && p.requiredAntiAffinity().isEmpty()
            && p.preferredAntiAffinity().isEmpty()) {
            return null;
        }
        AffinityBuilder b = new AffinityBuilder();
        if (!p.requiredAffinity().isEmpty() || !p.preferredAffinity().isEmpty()) {
            b.withNewPodAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(p.requiredAffinity().stream().map(ScaleWorkload::term).toList())
                .withPreferredDuringSchedulingIgnoredDuringExecution(p.preferredAffinity().stream().map(ScaleWorkload::weighted).toList())
                .endPodAffinity();
        }
        if (!p.requiredAntiAffinity().isEmpty() || !p.preferredAntiAffinity().isEmpty()) {
            b.withNewPodAntiAffinity()
                .withRequiredDuringSchedulingIgnoredDuringExecution(p.requiredAntiAffinity().stream().map(ScaleWorkload::term).toList())
                .withPreferredDuringSchedulingIgnoredDuringExecution(p.preferredAntiAffinity().stream().map(ScaleWorkload::weighted).toList())
                .endPodAntiAffinity();
        }
        return b.build();
    }

    private static io.fabric8.kubernetes.api.model.PodAffinityTerm term(PodAffinityTerm t) {
        return new io.fabric8.kubernetes.api.model.PodAffinityTermBuilder().withTopologyKey(t.topologyKey())
            .withLabelSelector(selector(t.selector())).withNamespaces(List.copyOf(t.namespaces())).build();
    }

    private static io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm weighted(PodAffinityTerm t) {
        return new WeightedPodAffinityTermBuilder().withWeight(t.weight()).withPodAffinityTerm(term(t)).build();
    }

    private static io.fabric8.kubernetes.api.model.LabelSelector selector(LabelSelector s) {
        return new LabelSelectorBuilder().withMatchLabels(s.matchLabels())
            .withMatchExpressions(s.matchExpressions().stream().map(e -> new LabelSelectorRequirementBuilder()
                .withKey(e.key()).withOperator(e.operator()).withValues(e.values()).build()).toList())
            .build();
    }
}
