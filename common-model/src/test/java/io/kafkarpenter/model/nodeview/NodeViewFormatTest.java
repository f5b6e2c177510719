package io.kafkarpenter.model.nodeview;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class NodeViewFormatTest {

    @Test
    void agesReadLikeKubectls() {
        assertThat(NodeViewFormat.age(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(NodeViewFormat.age(Duration.ofSeconds(200))).isEqualTo("3m20s");
        assertThat(NodeViewFormat.age(Duration.ofMinutes(12))).isEqualTo("12m");
        assertThat(NodeViewFormat.age(Duration.ofMinutes(310))).isEqualTo("5h10m");
        assertThat(NodeViewFormat.age(Duration.ofHours(20))).isEqualTo("20h");
        assertThat(NodeViewFormat.age(Duration.ofHours(76))).isEqualTo("3d4h");
        assertThat(NodeViewFormat.age(Duration.ofDays(40))).isEqualTo("40d");
        assertThat(NodeViewFormat.age(Duration.ofDays(800))).isEqualTo("2y");
        assertThat(NodeViewFormat.age(null)).isEqualTo("-");
    }

    @Test
    void quantitiesPricesAndBars() {
        assertThat(NodeViewFormat.cpu(2000)).isEqualTo("2");
        assertThat(NodeViewFormat.cpu(1930)).isEqualTo("1.93");
        assertThat(NodeViewFormat.cpu(250)).isEqualTo("0.25");
        assertThat(NodeViewFormat.memory(7L * 1024 * 1024 * 1024 + 512L * 1024 * 1024)).isEqualTo("7.5Gi");
        assertThat(NodeViewFormat.perHour(0.096)).isEqualTo("$0.0960/h");
        assertThat(NodeViewFormat.perMonth(0.096 * 730)).isEqualTo("$70.08/month");
        assertThat(NodeViewFormat.percent(0.375)).isEqualTo("38%");
        assertThat(NodeViewFormat.bar(0.5, 10)).isEqualTo("█████░░░░░");
        assertThat(NodeViewFormat.bar(1.7, 4)).isEqualTo("████");
        assertThat(NodeViewFormat.bar(0, 4)).isEqualTo("░░░░");
    }
}
