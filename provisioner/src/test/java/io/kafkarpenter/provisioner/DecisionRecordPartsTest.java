package io.kafkarpenter.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.pods.PodRef;
import io.kafkarpenter.model.reasons.Reason;

/** A pass over 20,000 pods wrote one 1.8 MB decision record, over Kafka's 1 MiB: the send failed the pass. */
class DecisionRecordPartsTest {

    private static DecisionRecord record(int pods) {
        List<PodOutcome> outcomes = IntStream.range(0, pods).mapToObj(i -> new PodOutcome(
            new PodRef("default", "pod-" + i, "uid-" + i), Reason.SCHEDULED_NEW_NODECLAIM,
            "new NodeClaim default-abcdefghij from NodePool default", "default-abcdefghij")).toList();
        List<Subject> subjects = IntStream.range(0, pods / 5).mapToObj(i -> Subject.nodeClaim("default-" + i)).toList();
        return new DecisionRecord("prov-123", null, "provisioner", DecisionKind.PROVISIONING, subjects,
            Reason.SCHEDULED_NEW_NODECLAIM, pods + " pending pods: 400 new NodeClaims", outcomes,
            Instant.parse("2026-12-07T12:00:00Z"));
    }

    @Test
    void aSmallRecordStaysOneRecord() {
        DecisionRecord small = record(100);

        assertThat(DecisionRecordParts.of(small)).containsExactly(small);
    }

    @Test
    void twentyThousandPodsAreSplitIntoPartsUnderTheLimitWithEveryPodOnce() {
        DecisionRecord big = record(20_000);
        assertThat(EventJson.toBytes(big).length).as("one record").isGreaterThan(1024 * 1024);

        List<DecisionRecord> parts = DecisionRecordParts.of(big);

        assertThat(parts).hasSizeGreaterThan(1).allSatisfy(p -> {
            assertThat(EventJson.toBytes(p).length).isLessThanOrEqualTo(DecisionRecordParts.MAX_BYTES);
            assertThat(p.key()).isEqualTo(big.key());
            assertThat(p.subjects()).isEqualTo(p == parts.get(0) ? big.subjects() : List.of());
            assertThat(p.reason()).isEqualTo(big.reason());
            assertThat(p.at()).isEqualTo(big.at());
        });
        assertThat(parts.stream().flatMap(p -> p.podOutcomes().stream()).toList()).isEqualTo(big.podOutcomes());
        assertThat(parts.get(0).message()).isEqualTo(big.message() + " (part 1 of " + parts.size() + ")");
        assertThat(parts.get(parts.size() - 1).message()).endsWith("(part " + parts.size() + " of " + parts.size() + ")");
    }
}
