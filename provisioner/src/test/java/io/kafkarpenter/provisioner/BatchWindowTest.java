package io.kafkarpenter.provisioner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** Karpenter's window: 1s idle, 10s max, on a clock the test moves. */
class BatchWindowTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final BatchWindow window = new BatchWindow(Duration.ofSeconds(1), Duration.ofSeconds(10));

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void aClosedWindowNeverFires() {
        assertThat(window.isOpen()).isFalse();
        assertThat(window.closeIfDue(at(60_000))).isFalse();
        assertThat(window.closesAt()).isNull();
    }

    @Test
    void oneTriggerClosesAfterTheIdleDuration() {
        window.trigger(at(0));

        assertThat(window.closeIfDue(at(999))).isFalse();
        assertThat(window.closesAt()).isEqualTo(at(1_000));
        assertThat(window.closeIfDue(at(1_000))).isTrue();
        assertThat(window.isOpen()).isFalse();
        assertThat(window.closeIfDue(at(1_001))).as("fires once").isFalse();
    }

    @Test
    void everyTriggerPushesTheIdleDeadlineOut() {
        window.trigger(at(0));
        window.trigger(at(600));
        window.trigger(at(1_200));

        assertThat(window.closeIfDue(at(2_100))).isFalse();
        assertThat(window.closeIfDue(at(2_200))).isTrue();
    }

    @Test
    void aSteadyStreamOfPodsIsCutAtTheMaxDuration() {
        for (long t = 0; t < 9_900; t += 500) {
            window.trigger(at(t));
            assertThat(window.closeIfDue(at(t))).isFalse();
        }
        window.trigger(at(9_900));

        assertThat(window.closesAt()).isEqualTo(at(10_000));
        assertThat(window.closeIfDue(at(9_999))).isFalse();
        assertThat(window.closeIfDue(at(10_000))).isTrue();
    }

    @Test
    void theNextWindowOpensAtTheNextTrigger() {
        window.trigger(at(0));
        assertThat(window.closeIfDue(at(1_000))).isTrue();

        window.trigger(at(5_000));

        assertThat(window.closeIfDue(at(5_999))).isFalse();
        assertThat(window.closeIfDue(at(6_000))).isTrue();
    }

    @Test
    void configurableDurations() {
        BatchWindow fast = new BatchWindow(Duration.ofMillis(100), Duration.ofMillis(300));
        fast.trigger(at(0));
        fast.trigger(at(90));
        fast.trigger(at(180));
        fast.trigger(at(270));

        assertThat(fast.closeIfDue(at(299))).isFalse();
        assertThat(fast.closeIfDue(at(300))).isTrue();
        assertThatThrownBy(() -> new BatchWindow(Duration.ofSeconds(-1), Duration.ZERO))
            .hasMessageContaining("idle");
    }
}
