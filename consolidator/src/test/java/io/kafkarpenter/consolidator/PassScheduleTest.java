package io.kafkarpenter.consolidator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

/** When a disruption pass runs: on a change, every poll period, and at once after a validation. */
class PassScheduleTest {

    private static final Instant T0 = Instant.parse("2026-12-06T22:00:00Z");
    private final PassSchedule schedule = new PassSchedule(Duration.ofSeconds(10));

    @Test
    void aPassRunsWhenTheClusterChangedOrThePollPeriodPassed() {
        assertThat(schedule.due(1, T0)).isTrue();
        assertThat(schedule.due(1, T0.plusSeconds(1))).as("nothing changed").isFalse();
        assertThat(schedule.due(2, T0.plusSeconds(2))).as("changed").isTrue();
        assertThat(schedule.due(2, T0.plusSeconds(11))).isFalse();
        assertThat(schedule.due(2, T0.plusSeconds(12))).as("poll period").isTrue();
    }

    /** bin/kk bench scale-down: a held command dropped at validation, then 10 s without a pass in a quiet cluster. */
    @Test
    void aPassRunsAtOnceAfterAHeldCommandWasValidatedEvenIfNothingChanged() {
        assertThat(schedule.due(5, T0)).isTrue();
        assertThat(schedule.due(5, T0.plusSeconds(1))).isFalse();

        schedule.planAgain(); // the held command was dropped (or emitted) in this tick

        assertThat(schedule.due(5, T0.plusSeconds(1))).isTrue();
        assertThat(schedule.due(5, T0.plusSeconds(2))).as("then back to changes and polls").isFalse();
    }
}
