package io.kafkarpenter.model.catalog;

import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.instancetypes.KubeletSettings;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.resources.ResourceList;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CatalogAllocatableTest {

    @Test
    void formulasReproduceKarpentersAl2023AllocatableForEveryCatalogType() {
        List<CatalogEntry> entries = BuiltInCatalog.load("aws");
        assertThat(entries).hasSize(1345);
        List<String> mismatches = new ArrayList<>();
        for (CatalogEntry e : entries) {
            InstanceType t = CatalogInstanceTypes.build(e, KubeletSettings.DEFAULT, CatalogInstanceTypes.Options.US_EAST_1);
            ResourceList expected = ResourceList.parse(e.karpenterAllocatableAL2023());
            for (Map.Entry<String, Long> want : expected.asMilliMap().entrySet()) {
                long got = t.allocatable().milli(want.getKey());
                if (got != want.getValue()) {
                    mismatches.add(e.name() + " " + want.getKey() + ": got " + got + " want " + want.getValue());
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void m5LargeMatchesTheWorkedExample() {
        CatalogEntry m5 = BuiltInCatalog.load("aws").stream().filter(e -> e.name().equals("m5.large")).findFirst().orElseThrow();
        InstanceType t = CatalogInstanceTypes.build(m5, KubeletSettings.DEFAULT, CatalogInstanceTypes.Options.US_EAST_1);
        assertThat(t.allocatable().format()).containsEntry("cpu", "1930m").containsEntry("memory", "6903Mi")
                .containsEntry("ephemeral-storage", "17Gi").containsEntry("pods", "29");
        assertThat(t.capacity().format()).containsEntry("cpu", "2").containsEntry("memory", "7577Mi");
        assertThat(t.labels()).containsEntry(Labels.INSTANCE_FAMILY, "m5").containsEntry(Labels.ARCH, "amd64")
                .containsEntry(Labels.INSTANCE_GENERATION, "5").containsEntry(Labels.INSTANCE_CPU, "2");
        assertThat(t.offerings()).hasSize(6);
    }

    @Test
    void maxPodsOverridesPodsButNotTheKubeReservedMemory() {
        CatalogEntry m5 = BuiltInCatalog.load("aws-small").stream().filter(e -> e.name().equals("m5.large")).findFirst().orElseThrow();
        KubeletSettings kubelet = new KubeletSettings(10, null, null, null, null);
        InstanceType t = CatalogInstanceTypes.build(m5, kubelet, CatalogInstanceTypes.Options.US_EAST_1);
        assertThat(t.allocatable().format()).containsEntry("pods", "10").containsEntry("memory", "6903Mi");
    }

    @Test
    void podsPerCoreCapsPods() {
        CatalogEntry m5 = BuiltInCatalog.load("aws-small").stream().filter(e -> e.name().equals("m5.large")).findFirst().orElseThrow();
        InstanceType t = CatalogInstanceTypes.build(m5, new KubeletSettings(null, 4, null, null, null),
                CatalogInstanceTypes.Options.US_EAST_1);
        assertThat(t.allocatable().format()).containsEntry("pods", "8");
    }

    @Test
    void evictionHardPercentAndKubeReservedOverrides() {
        CatalogEntry m5 = BuiltInCatalog.load("aws-small").stream().filter(e -> e.name().equals("m5.large")).findFirst().orElseThrow();
        KubeletSettings kubelet = new KubeletSettings(null, null,
                ResourceList.parse(Map.of("cpu", "200m")), ResourceList.parse(Map.of("memory", "100Mi")),
                Map.of("memory.available", "500Mi"));
        InstanceType t = CatalogInstanceTypes.build(m5, kubelet, CatalogInstanceTypes.Options.US_EAST_1);
        // 7577 - 574 - 100 (system) - 500 (eviction) = 6403Mi; cpu 2000 - 200
        assertThat(t.allocatable().format()).containsEntry("cpu", "1800m").containsEntry("memory", "6403Mi");
    }
}
