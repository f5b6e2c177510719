package io.kafkarpenter.model.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({
            "30s, PT30S", "10m, PT10M", "1h30m, PT1H30M", "720h, PT720H", "0, PT0S", "0s, PT0S", "1.5h, PT1H30M",
            "300ms, PT0.3S", "1h1m1s, PT1H1M1S", "-2m, PT-2M", "+5s, PT5S", "1us, PT0.000001S", "2ns, PT0.000000002S", "1.h, PT1H"})
    void parsesGoDurations(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "30", "1d", "h", ".s", "1h 30m", "Never", "-", "10x"})
    void rejectsWhatGoRejects(String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid duration");
    }

    @Test
    void rejectsOverflow() {
        assertThatThrownBy(() -> Durations.parse("3000000h")).hasMessageContaining("overflows");
    }

    @Test
    void neverIsEmpty() {
        assertThat(Durations.parseOrNever("Never")).isEmpty();
        assertThat(Durations.parseOrNever("30s")).contains(Duration.ofSeconds(30));
        assertThat(Durations.formatOrNever(Optional.empty())).isEqualTo("Never");
    }

    @ParameterizedTest
    @CsvSource({"PT0S, 0s", "PT30S, 30s", "PT1H30M, 1h30m0s", "PT720H, 720h0m0s", "PT1.5S, 1.5s", "PT0.3S, 300ms", "PT2M, 2m0s",
            "PT-2M, -2m0s", "PT0.000002S, 2µs"})
    void formatsLikeGo(String iso, String text) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }
}
