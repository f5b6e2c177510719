package io.kafkarpenter.sandbox.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.kafkarpenter.cli.SchedulingBenchmark;
import io.kafkarpenter.model.events.EventHeaders;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.kube.PodViews;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.scheduling.SchedulingPod;

/** bin/kk bench scale's pods: the diverse mix reaches the provisioner's engine as generated, in pod-watcher records. */
class ScaleWorkloadTest {

    private static final Instant CREATED = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void theDiverseMixBecomesPendingPodsThatTheProvisionersEngineSeesAsGenerated() {
        List<SchedulingPod> generated = SchedulingBenchmark.diversePods(200, new Random(7));
        List<Pod> pods = ScaleWorkload.pods(200, 7, CREATED);

        assertThat(pods).hasSize(200).allSatisfy(p -> {
            assertThat(PodViews.isProvisionable(p)).as(p.getMetadata().getName()).isTrue();
            assertThat(PodViews.ignoredBecause(p)).isEmpty();
        });
        for (int i = 0; i < pods.size(); i++) {
            SchedulingPod want = generated.get(i);
            SchedulingPod seen = EngineInputs.pod(PodViews.pendingPod(pods.get(i), CREATED).pod());
            assertThat(seen.key()).isEqualTo(want.key());
            assertThat(seen.uid()).isEqualTo(want.uid());
            assertThat(seen.labels()).isEqualTo(want.labels());
            assertThat(seen.requests().cpuMilli()).isEqualTo(want.requests().cpuMilli());
            assertThat(seen.requests().memoryMilli()).isEqualTo(want.requests().memoryMilli());
            assertThat(seen.spread()).isEqualTo(want.spread());
            assertThat(seen.requiredAffinity()).isEqualTo(want.requiredAffinity());
            assertThat(seen.requiredAntiAffinity()).isEqualTo(want.requiredAntiAffinity());
        }
        // Karpenter's five parts: generic, zonal spread, hostname spread, zonal affinity, hostname anti-affinity
        assertThat(generated).filteredOn(p -> p.spread().stream().anyMatch(s -> s.topologyKey().equals(Labels.ZONE))).hasSize(40);
        assertThat(generated).filteredOn(p -> p.spread().stream().anyMatch(s -> s.topologyKey().equals(Labels.HOSTNAME))).hasSize(40);
        assertThat(generated).filteredOn(p -> !p.requiredAffinity().isEmpty()).hasSize(40);
        assertThat(generated).filteredOn(p -> !p.requiredAntiAffinity().isEmpty()).hasSize(40);
    }

    @Test
    void eachPodIsOneRecordAsThePodWatcherWritesIt() {
        Pod pod = ScaleWorkload.pods(1, 42, CREATED).get(0);
        PendingPod pending = PodViews.pendingPod(pod, CREATED.plusSeconds(1));

        ProducerRecord<String, byte[]> record = ScaleWorkload.record(pending, 3);

        assertThat(record.topic()).isEqualTo(Topics.PODS_PENDING);
        assertThat(record.key()).isEqualTo(pod.getMetadata().getUid());
        assertThat(record.partition()).isEqualTo(ScaleWorkload.partition("default/Pod/pod-0", 3)).isBetween(0, 2);
        assertThat(EventJson.read(record.value(), PendingPod.class)).isEqualTo(pending);
        assertThat(new String(record.headers().lastHeader(EventHeaders.SCHEMA).value(), UTF_8)).isEqualTo(PendingPod.SCHEMA);
        assertThat(new String(record.headers().lastHeader(EventHeaders.POD).value(), UTF_8)).isEqualTo(pending.pod().ref().toString());
        assertThat(pending.schedulerReason()).isEqualTo("Unschedulable");
    }
}
