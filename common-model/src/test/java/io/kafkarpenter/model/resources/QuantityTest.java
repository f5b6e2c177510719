package io.kafkarpenter.model.resources;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantityTest {

    @Test
    void parsesEverySuffix() {
        assertThat(Quantity.parse("100m").milliValue()).isEqualTo(100);
        assertThat(Quantity.parse("1.5").milliValue()).isEqualTo(1500);
        assertThat(Quantity.parse("1Ki").milliValue()).isEqualTo(1024_000);
        assertThat(Quantity.parse("1Mi").milliValue()).isEqualTo((1L << 20) * 1000);
        assertThat(Quantity.parse("2Gi").milliValue()).isEqualTo((2L << 30) * 1000);
        assertThat(Quantity.parse("1k").milliValue()).isEqualTo(1_000_000);
        assertThat(Quantity.parse("1M").milliValue()).isEqualTo(1_000_000_000);
        assertThat(Quantity.parse("1G").milliValue()).isEqualTo(1_000_000_000_000L);
        assertThat(Quantity.parse("1e3").milliValue()).isEqualTo(1_000_000);
        assertThat(Quantity.parse("1E-3").milliValue()).isEqualTo(1);
        assertThat(Quantity.parse(".5").milliValue()).isEqualTo(500);
        assertThat(Quantity.parse("+2").milliValue()).isEqualTo(2000);
    }

    @Test
    void roundsSubMilliUpLikeKubernetes() {
        assertThat(Quantity.parse("1n").milliValue()).isEqualTo(1);
        assertThat(Quantity.parse("1500u").milliValue()).isEqualTo(2);
    }

    @Test
    void hugeValuesSaturate() {
        assertThat(Quantity.parse("10000000Gi").milliValue()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void rejectsGarbage() {
        for (String bad : List.of("", "abc", "1.2.3", "10 Gi", "1Gb", "1e", "--1", "Mi")) {
            assertThatThrownBy(() -> Quantity.parse(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void formatsCanonically() {
        assertThat(Quantity.formatMilli(1930, false)).isEqualTo("1930m");
        assertThat(Quantity.formatMilli(2000, false)).isEqualTo("2");
        assertThat(Quantity.formatMilli(6903L * (1 << 20) * 1000, true)).isEqualTo("6903Mi");
        assertThat(Quantity.formatMilli(17L * (1L << 30) * 1000, true)).isEqualTo("17Gi");
        assertThat(Quantity.formatMilli(1000L * 1000, true)).isEqualTo("1000");
    }

    @Test
    void resourceListsAddAndFit() {
        ResourceList a = ResourceList.parse(Map.of("cpu", "1", "memory", "1Gi"));
        ResourceList b = ResourceList.parse(Map.of("cpu", "500m", "nvidia.com/gpu", "1"));
        ResourceList sum = a.plus(b);
        assertThat(sum.format()).containsEntry("cpu", "1500m").containsEntry("memory", "1Gi").containsEntry("nvidia.com/gpu", "1");
        assertThat(sum.fitsIn(ResourceList.parse(Map.of("cpu", "2", "memory", "2Gi")))).isFalse();
        assertThat(sum.fitsIn(ResourceList.parse(Map.of("cpu", "2", "memory", "2Gi", "nvidia.com/gpu", "1")))).isTrue();
        assertThat(sum.exceeding(ResourceList.parse(Map.of("cpu", "1", "memory", "2Gi")))).containsExactly("cpu", "nvidia.com/gpu");
    }
}
