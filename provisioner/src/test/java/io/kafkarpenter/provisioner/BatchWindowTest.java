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
        window.trigger("pod-1", at(0));

        assertThat(window.closeIfDue(at(999))).isFalse();
        assertThat(window.closesAt()).isEqualTo(at(1_000));
        assertThat(window.closeIfDue(at(1_000))).isTrue();
        assertThat(window.lastCloseReason()).isEqualTo(BatchWindow.IDLE);
        assertThat(window.lastLength()).isEqualTo(Duration.ofSeconds(1));
        assertThat(window.isOpen()).isFalse();
        assertThat(window.closeIfDue(at(1_001))).as("fires once").isFalse();
    }

    @Test
    void everyTriggerPushesTheIdleDeadlineOut() {
        window.trigger("pod-2", at(0));
        window.trigger("pod-3", at(600));
        window.trigger("pod-4", at(1_200));

        assertThat(window.closeIfDue(at(2_100))).isFalse();
        assertThat(window.closeIfDue(at(2_200))).isTrue();
    }

    @Test
    void aSteadyStreamOfPodsIsCutAtTheMaxDuration() {
        for (long t = 0; t < 9_900; t += 500) {
            window.trigger("pod-" + t + "-5", at(t));
            assertThat(window.closeIfDue(at(t))).isFalse();
        }
        window.trigger("pod-6", at(9_900));

        assertThat(window.closesAt()).isEqualTo(at(10_000));
        assertThat(window.closeIfDue(at(9_999))).isFalse();
        assertThat(window.closeIfDue(at(10_000))).isTrue();
        assertThat(window.lastCloseReason()).isEqualTo(BatchWindow.MAX_DURATION);
        assertThat(window.lastLength()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theNextWindowOpensAtTheNextTrigger() {
        window.trigger("pod-7", at(0));
        assertThat(window.closeIfDue(at(1_000))).isTrue();

        window.trigger("pod-8", at(5_000));

        assertThat(window.closeIfDue(at(5_999))).isFalse();
        assertThat(window.closeIfDue(at(6_000))).isTrue();
    }

    @Test
    void configurableDurations() {
        BatchWindow fast = new BatchWindow(Duration.ofMillis(100), Duration.ofMillis(300));
        fast.trigger("pod-9", at(0));
        fast.trigger("pod-10", at(90));
        fast.trigger("pod-11", at(180));
        fast.trigger("pod-12", at(270));

        assertThat(fast.closeIfDue(at(299))).isFalse();
        assertThat(fast.closeIfDue(at(300))).isTrue();
        assertThatThrownBy(() -> new BatchWindow(Duration.ofSeconds(-1), Duration.ZERO))
            .hasMessageContaining("idle");
    }

    @Test
    void aPodAlreadySeenInTheWindowDoesNotExtendIt() {
        window.trigger("pod-a", at(0));
        window.trigger("pod-a", at(600));
        window.trigger("pod-a", at(900));

        assertThat(window.closeIfDue(at(1_000))).as("Karpenter ignores a duplicate uid in a window").isTrue();
        assertThat(window.lastClose()).contains("1 pod(s)", "idle");
    }

    @Test
    void aStateChangeOpensAWindowButDoesNotExtendAnOpenOne() {
        window.nudge(at(0));
        assertThat(window.isOpen()).isTrue();
        assertThat(window.closeIfDue(at(1_000))).isTrue();

        window.trigger("pod-a", at(2_000));
        window.nudge(at(2_500));
        window.nudge(at(2_900));

        assertThat(window.closeIfDue(at(3_000))).as("node and NodeClaim updates do not hold a burst's window open")
            .isTrue();
    }

    @Test
    void theLastCloseSaysWhatClosedIt() {
        for (long t = 0; t <= 10_000; t += 500) {
            window.trigger("pod-" + t, at(t));
            window.closeIfDue(at(t));
        }
        assertThat(window.lastClose()).startsWith("window 10000 ms, 21 pod(s) arrived, closed by max");
    }
}
