package io.kafkarpenter.model.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BudgetScheduleTest {

    @ParameterizedTest
    @ValueSource(strings = {"@daily", "@midnight", "@hourly", "@weekly", "@monthly", "@yearly", "@annually", "0 9 * * 1-5",
            "*/15 * * * *", "0 0 1 * *", "30 22 * * sun", "0 9 * * MON-FRI", "0 0 * JAN,JUL *", "0 0 ? * 7"})
    void acceptsCronJobSyntax(String schedule) {
        assertThat(BudgetSchedule.isValid(schedule)).as(schedule).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0 25 * * *", "60 * * * *", "0 9 * *", "0 9 * * * *", "@every 1h", "@reboot", "@sometimes",
            "TZ=UTC 0 9 * * *", "0 9 32 * *", "0 9 * 13 *"})
    void rejectsInvalidSchedules(String schedule) {
        assertThat(BudgetSchedule.isValid(schedule)).as(schedule).isFalse();
        assertThatThrownBy(() -> BudgetSchedule.parse(schedule)).isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("null");
    }

    @Test
    void nextHitIsInUtc() {
        BudgetSchedule nineOClock = BudgetSchedule.parse("0 9 * * *");
        assertThat(nineOClock.nextHitAfter(Instant.parse("2026-03-02T08:00:00Z"))).contains(Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(nineOClock.nextHitAfter(Instant.parse("2026-03-02T09:00:00Z"))).contains(Instant.parse("2026-03-03T09:00:00Z"));
    }

    @Test
    void activeFromEachHitForTheDuration() {
        BudgetSchedule daily = BudgetSchedule.parse("@daily");
        Duration tenMinutes = Duration.ofMinutes(10);
        assertThat(daily.isActive(tenMinutes, Instant.parse("2026-03-02T00:00:00Z"))).isTrue();
        assertThat(daily.isActive(tenMinutes, Instant.parse("2026-03-02T00:05:00Z"))).isTrue();
        assertThat(daily.isActive(tenMinutes, Instant.parse("2026-03-02T00:10:00Z"))).isTrue();
        assertThat(daily.isActive(tenMinutes, Instant.parse("2026-03-02T00:10:01Z"))).isFalse();
        assertThat(daily.isActive(tenMinutes, Instant.parse("2026-03-01T23:59:59Z"))).isFalse();
    }
}
