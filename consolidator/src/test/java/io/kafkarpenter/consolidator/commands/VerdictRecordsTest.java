package io.kafkarpenter.consolidator.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.disruption.NodeVerdict;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.reasons.Reason;

/** Verdicts are published when they change, not every pass. */
class VerdictRecordsTest {

    private static final Instant NOW = Instant.parse("2026-01-02T00:00:00Z");
    private final VerdictRecords records = new VerdictRecords();

    private static NodeVerdict guarded(String node) {
        return new NodeVerdict(node, Reason.DO_NOT_DISRUPT_POD.format("default/precious"));
    }

    private static NodeVerdict young(String node) {
        return new NodeVerdict(node, Reason.NOT_CONSOLIDATABLE_YET.format(node, "30s"));
    }

    @Test
    void aVerdictIsPublishedOnceThenOnlyWhenItChangesOrTheNodeComesBack() {
        List<DecisionRecord> first = records.changed("p1", List.of(guarded("a"), young("b")), Map.of("a", "a-claim"),
            NOW);

        assertThat(first).hasSize(2);
        assertThat(first.get(0).kind()).isEqualTo(DecisionKind.DISRUPTION);
        assertThat(first.get(0).reason()).isEqualTo(Reason.DO_NOT_DISRUPT_POD);
        assertThat(first.get(0).subjects()).extracting(s -> s.kind() + "/" + s.name())
            .containsExactly("Node/a", "NodeClaim/a-claim");
        assertThat(first.get(0).key()).isEqualTo("p1");

        assertThat(records.changed("p2", List.of(guarded("a"), young("b")), Map.of(), NOW)).isEmpty();
        assertThat(records.changed("p3", List.of(guarded("a"), guarded("b")), Map.of(), NOW))
            .singleElement().satisfies(r -> assertThat(r.subjects().get(0).name()).isEqualTo("b"));
        assertThat(records.changed("p4", List.of(guarded("b")), Map.of(), NOW)).isEmpty();
        assertThat(records.changed("p5", List.of(guarded("a"), guarded("b")), Map.of(), NOW))
            .as("a had no verdict in p4 (disrupted or gone): published again").hasSize(1);

        records.forget();
        assertThat(records.changed("p6", List.of(guarded("a"), guarded("b")), Map.of(), NOW)).hasSize(2);
    }
}
