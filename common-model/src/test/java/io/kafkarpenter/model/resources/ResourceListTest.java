package io.kafkarpenter.model.resources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Arithmetic on resource lists, extended resources included (the scheduler's inner loops combine them). */
class ResourceListTest {

    private static final String GPU = "nvidia.com/gpu";
    private static final String ENI = "vpc.amazonaws.com/pod-eni";
    private static final String EFA = "vpc.amazonaws.com/efa";

    @Test
    void listsWithTheSameExtendedResourcesAddSubtractAndMaxPerResource() {
        ResourceList a = ResourceList.parse(Map.of("cpu", "2", "memory", "4Gi", GPU, "1", ENI, "9"));
        ResourceList b = ResourceList.parse(Map.of("cpu", "1", "memory", "8Gi", GPU, "2", ENI, "3"));

        assertThat(a.plus(b).format()).containsEntry("cpu", "3").containsEntry(GPU, "3").containsEntry(ENI, "12");
        assertThat(a.minus(b).asMilliMap()).containsEntry(GPU, -1000L).containsEntry(ENI, 6000L)
            .containsEntry("cpu", 1000L);
        assertThat(a.max(b).format()).containsEntry("cpu", "2").containsEntry("memory", "8Gi")
            .containsEntry(GPU, "2").containsEntry(ENI, "9");
    }

    @Test
    void aResourceOnlyOneSideHasKeepsItsAmountOrIsTakenFromZero() {
        ResourceList mine = ResourceList.parse(Map.of("cpu", "1", EFA, "1", GPU, "4"));
        ResourceList theirs = ResourceList.parse(Map.of("cpu", "1", ENI, "2", GPU, "1"));

        assertThat(mine.plus(theirs).asMilliMap()).containsOnlyKeys("cpu", EFA, GPU, ENI)
            .containsEntry(EFA, 1000L).containsEntry(ENI, 2000L).containsEntry(GPU, 5000L);
        assertThat(mine.minus(theirs).asMilliMap()).containsEntry(EFA, 1000L).containsEntry(ENI, -2000L)
            .containsEntry(GPU, 3000L).containsEntry("cpu", 0L);
        assertThat(theirs.max(mine).asMilliMap()).containsEntry(EFA, 1000L).containsEntry(ENI, 2000L)
            .containsEntry(GPU, 4000L);
        assertThat(mine.plus(theirs).toString()).isEqualTo(theirs.plus(mine).toString());
    }

    @Test
    void theMaximumOverSeveralListsIncludesTheirExtendedResources() {
        ResourceList[] lists = {
            ResourceList.parse(Map.of("cpu", "4", ENI, "9")),
            ResourceList.parse(Map.of("cpu", "8")),
            ResourceList.parse(Map.of("cpu", "2", GPU, "1", ENI, "38")),
        };

        assertThat(ResourceList.maxOf(lists, new int[] {0, 1, 2}).asMilliMap()).containsEntry("cpu", 8000L)
            .containsEntry(ENI, 38000L).containsEntry(GPU, 1000L);
        assertThat(ResourceList.maxOf(lists, new int[] {0, 1}).asMilliMap()).containsEntry("cpu", 8000L)
            .containsEntry(ENI, 9000L).doesNotContainKey(GPU);
    }

    @Test
    void requestsFitOnlyWhereEveryRequestedResourceIsAvailable() {
        ResourceList node = ResourceList.parse(Map.of("cpu", "4", "memory", "8Gi", ENI, "9"));

        assertThat(ResourceList.parse(Map.of("cpu", "1", ENI, "1")).fitsIn(node)).isTrue();
        assertThat(ResourceList.parse(Map.of("cpu", "1", GPU, "1")).fitsIn(node)).isFalse();
        assertThat(ResourceList.parse(Map.of("cpu", "1", ENI, "1")).plus(ResourceList.parse(Map.of(ENI, "9")))
            .fitsIn(node)).isFalse();
    }
}
