package io.kafkarpenter.model.kubeevent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.kubeevent.EventDeduplicator.Verdict;

class EventDeduplicatorTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final EventDeduplicator dedupe = new EventDeduplicator(clock);

    private static InvolvedObject pod(int i) {
        return InvolvedObject.pod("default", "web-" + i, "uid-" + i);
    }

    @Test
    void aRepeatWithinTheTimeoutIsDroppedWhateverItsMessage() {
        InvolvedObject pod = pod(1);
        assertThat(dedupe.admit(KarpenterEvents.failedScheduling(pod, "NodePool default: cpu limit 10 reached")))
            .isEqualTo(Verdict.PUBLISH);
        clock.advance(Duration.ofMinutes(4));
        assertThat(dedupe.admit(KarpenterEvents.failedScheduling(pod, "no NodePool matches the pod: x")))
            .as("same reason and pod uid, other message, 4 min later (FailedScheduling: 5 min)")
            .isEqualTo(Verdict.DEDUPLICATED);
        clock.advance(Duration.ofMinutes(1));
        assertThat(dedupe.admit(KarpenterEvents.failedScheduling(pod, "x"))).isEqualTo(Verdict.PUBLISH);
    }

    @Test
    void theKeyIsTheLowerCasedReasonAndTheDedupeValues() {
        KubeEvent event = KarpenterEvents.disruptionTerminating(InvolvedObject.node("n1", "u1"),
            io.kafkarpenter.model.reasons.Reason.UNDERUTILIZED);
        assertThat(event.dedupeKey()).contains("disruptionterminating-u1-Underutilized");
        assertThat(dedupe.admit(event)).isEqualTo(Verdict.PUBLISH);
        assertThat(dedupe.admit(KarpenterEvents.disruptionTerminating(InvolvedObject.node("n1", "u1"),
            io.kafkarpenter.model.reasons.Reason.DRIFTED))).as("another reason is another key").isEqualTo(Verdict.PUBLISH);
        assertThat(dedupe.admit(KarpenterEvents.disruptionTerminating(InvolvedObject.nodeClaim("n1", "u2"),
            io.kafkarpenter.model.reasons.Reason.UNDERUTILIZED))).as("another object").isEqualTo(Verdict.PUBLISH);
    }

    @Test
    void eventsWithoutDedupeValuesAreNeverDropped() {
        InvolvedObject claim = InvolvedObject.nodeClaim("c1", "u1");
        for (int i = 0; i < 20; i++) {
            assertThat(dedupe.admit(KarpenterEvents.conditionTransition(claim, "Launched", "Unknown", "True",
                "Launched", ""))).isEqualTo(Verdict.PUBLISH);
        }
        assertThat(dedupe.size()).isZero();
    }

    @Test
    void nominationsShareATokenBucketOfBurst10AndFivePerSecond() {
        List<Verdict> first = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            first.add(dedupe.admit(KarpenterEvents.nominated(pod(i), "default-abc", null)));
        }
        assertThat(first.subList(0, 10)).containsOnly(Verdict.PUBLISH);
        assertThat(first.subList(10, 12)).containsOnly(Verdict.RATE_LIMITED);

        clock.advance(Duration.ofMillis(400)); // 2 tokens
        assertThat(dedupe.admit(KarpenterEvents.nominated(pod(100), "c", null))).isEqualTo(Verdict.PUBLISH);
        assertThat(dedupe.admit(KarpenterEvents.nominated(pod(101), "c", null))).isEqualTo(Verdict.PUBLISH);
        assertThat(dedupe.admit(KarpenterEvents.nominated(pod(102), "c", null))).isEqualTo(Verdict.RATE_LIMITED);

        assertThat(dedupe.admit(KarpenterEvents.failedScheduling(pod(103), "x")))
            .as("other reasons take no token").isEqualTo(Verdict.PUBLISH);
    }

    @Test
    void aRateLimitedNominationStillBlocksItsKeyAsUpstream() {
        for (int i = 0; i < 10; i++) {
            dedupe.admit(KarpenterEvents.nominated(pod(i), "c", null));
        }
        assertThat(dedupe.admit(KarpenterEvents.nominated(pod(50), "c", null))).isEqualTo(Verdict.RATE_LIMITED);
        clock.advance(Duration.ofSeconds(10)); // bucket full again
        assertThat(dedupe.admit(KarpenterEvents.nominated(pod(50), "c", null))).isEqualTo(Verdict.DEDUPLICATED);
        clock.advance(Duration.ofMinutes(2));
        assertThat(dedupe.admit(KarpenterEvents.nominated(pod(50), "c", null))).isEqualTo(Verdict.PUBLISH);
    }

    @Test
    void expiredKeysAreSwept() {
        for (int i = 0; i < 5; i++) {
            dedupe.admit(KarpenterEvents.failedScheduling(pod(i), "x"));
        }
        assertThat(dedupe.size()).isEqualTo(5);
        clock.advance(Duration.ofMinutes(6));
        dedupe.admit(KarpenterEvents.failedScheduling(pod(99), "x"));
        assertThat(dedupe.size()).isEqualTo(1);
    }
}
