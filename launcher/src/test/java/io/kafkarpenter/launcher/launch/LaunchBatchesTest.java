package io.kafkarpenter.launcher.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class LaunchBatchesTest {

    @Test
    void theBatchIdDependsOnTheMembersAsASetAndOnTheInputAndFitsAClientToken() {
        String id = LaunchBatches.batchId(List.of("p-b", "p-a", "p-c"), "on-demand;lt|c6a.large|us-east-1a");

        assertThat(id).startsWith("kkb-").hasSizeLessThanOrEqualTo(64);
        assertThat(LaunchBatches.batchId(List.of("p-a", "p-c", "p-b"), "on-demand;lt|c6a.large|us-east-1a")).isEqualTo(id);
        assertThat(LaunchBatches.batchId(List.of("p-a", "p-b"), "on-demand;lt|c6a.large|us-east-1a")).isNotEqualTo(id);
        assertThat(LaunchBatches.batchId(List.of("p-a", "p-b", "p-c"), "spot;lt|c6a.large|us-east-1a")).isNotEqualTo(id);
    }

    @Test
    void theKthMemberByNameGetsTheKthInstanceById() {
        Map<String, String> assigned = LaunchBatches.assign(List.of("c", "a", "b"), List.of("i-3", "i-1", "i-2"));

        assertThat(assigned).containsExactly(Map.entry("a", "i-1"), Map.entry("b", "i-2"), Map.entry("c", "i-3"));
    }

    @Test
    void membersBeyondTheInstancesAreLeftOver() {
        Map<String, String> assigned = LaunchBatches.assign(List.of("c", "a", "b", "d"), List.of("i-2", "i-1"));

        assertThat(assigned).containsExactly(Map.entry("a", "i-1"), Map.entry("b", "i-2"));
    }

    @Test
    void aRedeliveryThatSeesSomePairsRecordedComputesTheSameForTheRest() {
        List<String> members = List.of("m1", "m2", "m3", "m4");
        List<String> instances = List.of("i-9", "i-5", "i-7");
        Map<String, String> first = LaunchBatches.assign(members, instances);
        // m2 recorded its instance before a crash: it and its instance drop out of what is still unclaimed
        String recorded = first.get("m2");
        Map<String, String> later = LaunchBatches.assign(List.of("m1", "m3", "m4"),
            instances.stream().filter(i -> !i.equals(recorded)).toList());

        assertThat(later).containsEntry("m1", first.get("m1")).containsEntry("m3", first.get("m3"))
            .doesNotContainKey("m4");
    }
}
