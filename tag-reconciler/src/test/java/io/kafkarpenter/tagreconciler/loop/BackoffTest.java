package io.kafkarpenter.tagreconciler.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void failuresDelayExponentiallyUpToTheMaximumAndASuccessResets() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        assertThat(b.failed("discovery", t)).isEqualTo(t.plusSeconds(1));
        assertThat(b.failed("discovery", t)).isEqualTo(t.plusSeconds(2));
        assertThat(b.failed("discovery", t)).isEqualTo(t.plusSeconds(4));
        assertThat(b.failed("discovery", t)).isEqualTo(t.plusSeconds(5));
        assertThat(b.ready("discovery", t.plusSeconds(4))).isFalse();
        assertThat(b.ready("discovery", t.plusSeconds(5))).isTrue();
        assertThat(b.ready("nodeclass/x", t)).isTrue();
        b.succeeded("discovery");
        assertThat(b.ready("discovery", t)).isTrue();
        assertThat(b.failures("discovery")).isZero();
    }
}
