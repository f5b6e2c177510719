package io.kafkarpenter.podwatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.pods.fixtures.PodFixtures;

class WorkloadPartitionsTest {

    @Test
    void everyPodOfAWorkloadGoesToOnePartitionAndWorkloadsSpreadOverThePartitions() {
        Set<Integer> ofWeb = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ofWeb.add(WorkloadPartitions.partition(PodFixtures.pod("web-" + i).deployment("web").build().workloadKey(), 6));
        }
        Set<Integer> all = new HashSet<>();
        for (int w = 0; w < 60; w++) {
            all.add(WorkloadPartitions.partition("default/Deployment/app-" + w, 6));
        }

        assertThat(ofWeb).hasSize(1);
        assertThat(all).hasSize(6).allSatisfy(p -> assertThat(p).isBetween(0, 5));
    }

    @Test
    void aBarePodIsItsOwnWorkload() {
        var a = PodFixtures.pod("a").build();
        var b = PodFixtures.pod("b").build();

        assertThat(a.workloadKey()).isEqualTo("default/Pod/a").isNotEqualTo(b.workloadKey());
    }
}
