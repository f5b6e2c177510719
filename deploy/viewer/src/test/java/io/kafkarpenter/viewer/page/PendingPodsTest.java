package io.kafkarpenter.viewer.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.kafkarpenter.viewer.decisions.PodReasons;

class PendingPodsTest {

    static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    static PodBuilder pod(String name, int ageSeconds) {
        return new PodBuilder().withNewMetadata().withNamespace("default").withName(name).withUid("uid-" + name)
            .withCreationTimestamp(NOW.minusSeconds(ageSeconds).toString()).endMetadata()
            .withNewSpec().endSpec().withNewStatus().withPhase("Pending").endStatus();
    }

    @Test
    void podsWithoutANodeAreListedOldestFirstWithTheirLatestDecision() {
        Pod young = pod("young", 5).build();
        Pod old = pod("old", 90).build();
        Map<String, PodReasons.Latest> reasons = Map.of("default/old", new PodReasons.Latest("NODEPOOL_LIMIT_REACHED",
            "UNSCHEDULABLE", "NodePool default: cpu limit 10 reached", null, "provisioner", NOW.minusSeconds(3)));

        List<PendingPodRow> rows = PendingPods.rows(List.of(young, old), reasons, NOW);

        assertThat(rows).extracting(PendingPodRow::name).containsExactly("old", "young");
        assertThat(rows.get(0)).extracting(PendingPodRow::ageSeconds, PendingPodRow::reason, PendingPodRow::decidedBy)
            .containsExactly(90L, "NODEPOOL_LIMIT_REACHED", "provisioner");
        assertThat(rows.get(1).reason()).isNull();
        assertThat(rows.get(1).message()).isEqualTo(PendingPods.NO_DECISION);
    }

    @Test
    void boundTerminatingAndFinishedPodsAreNotPending() {
        Pod bound = pod("bound", 10).editSpec().withNodeName("ip-10-0-0-1").endSpec()
            .editStatus().withPhase("Running").endStatus().build();
        Pod deleting = pod("deleting", 10).editMetadata().withDeletionTimestamp(NOW.toString()).endMetadata().build();
        Pod done = pod("done", 10).editStatus().withPhase("Succeeded").endStatus().build();
        Pod noStatus = pod("new", 1).withStatus(null).build();

        assertThat(PendingPods.rows(List.of(bound, deleting, done, noStatus), Map.of(), NOW))
            .extracting(PendingPodRow::name).containsExactly("new");
    }

    @Test
    void beforeAnyDecisionTheSchedulersConditionExplains() {
        Pod pod = pod("p", 10).editStatus().addNewCondition().withType("PodScheduled").withStatus("False")
            .withReason("Unschedulable").withMessage("0/3 nodes are available").endCondition().endStatus().build();

        assertThat(PendingPods.rows(List.of(pod), Map.of(), NOW)).singleElement().extracting(PendingPodRow::message)
            .isEqualTo("no decision yet (scheduler: 0/3 nodes are available)");
    }
}
