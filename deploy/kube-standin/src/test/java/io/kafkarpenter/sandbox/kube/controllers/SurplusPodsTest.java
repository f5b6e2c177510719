package io.kafkarpenter.sandbox.kube.controllers;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SurplusPodsTest {

    @Test
    void pendingPodsGoFirstThenPodsOnTheNodeWithMostReplicasNewestFirst() {
        List<Pod> active = List.of(
                pod("a-old", "node-a", "2026-01-01T00:00:01Z"),
                pod("a-new", "node-a", "2026-01-01T00:00:05Z"),
                pod("b", "node-b", "2026-01-01T00:00:09Z"),
                pod("pending", null, "2026-01-01T00:00:00Z"));

        assertThat(SurplusPods.pick(active, 3)).extracting(p -> p.getMetadata().getName())
                .containsExactly("pending", "a-new", "a-old");
        assertThat(SurplusPods.pick(active, 0)).isEmpty();
    }

    @Test
    void theTemplateHashIsStableForEqualTemplatesAndChangesWithThem() {
        var one = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder().withNewMetadata().addToLabels("app", "x")
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("pause").endContainer().endSpec().build();
        var same = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(one).build();
        var other = new io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder(one).editSpec().editFirstContainer()
                .withImage("nginx").endContainer().endSpec().build();

        assertThat(PodTemplateHash.of(one)).isEqualTo(PodTemplateHash.of(same)).matches("[bcdfghjklmnpqrstvwxz2456789]{1,10}");
        assertThat(PodTemplateHash.of(other)).isNotEqualTo(PodTemplateHash.of(one));
    }

    private static Pod pod(String name, String node, String created) {
        return new PodBuilder().withNewMetadata().withName(name).withCreationTimestamp(created).endMetadata()
                .withNewSpec().withNodeName(node).endSpec().build();
    }
}
