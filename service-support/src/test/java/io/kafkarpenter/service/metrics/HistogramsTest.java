package io.kafkarpenter.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class HistogramsTest {

    @Test
    void bucketSetsAreKarpenters() {
        assertThat(Histograms.DUR).hasSize(45).startsWith(0.005).endsWith(600);
        assertThat(Histograms.DEF).hasSize(11).endsWith(10);
        assertThat(Histograms.exp(1, 2, 12)).hasSize(12).startsWith(1, 2, 4).endsWith(2048);
        assertThat(Histograms.exp(0.5, 2, 15)).endsWith(8192);
        assertThatThrownBy(() -> Histograms.exp(1, 1, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timerCountsIntoTheGivenBuckets() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Timer t = Histograms.timer("t", Histograms.DEF).register(registry);
        t.record(Duration.ofMillis(30));
        t.record(Duration.ofSeconds(3));

        CountAtBucket[] buckets = t.takeSnapshot().histogramCounts();
        assertThat(Arrays.stream(buckets).map(CountAtBucket::bucket).mapToDouble(b -> b / 1e9).toArray())
            .containsExactly(Histograms.DEF);
        assertThat(Arrays.stream(buckets).filter(b -> b.bucket() == 50_000_000).findFirst().orElseThrow().count())
            .isEqualTo(1);
        assertThat(Arrays.stream(buckets).filter(b -> b.bucket() == 5_000_000_000d).findFirst().orElseThrow().count())
            .isEqualTo(2);
    }
}
