package io.kafkarpenter.launcher.interruption;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.kafkarpenter.model.crd.DisruptionKeys;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.interruption.InterruptionAction;
import io.kafkarpenter.model.interruption.InterruptionDecisions;
import io.kafkarpenter.model.interruption.InterruptionParser;
import io.kafkarpenter.model.interruption.OwnedInstance;
import io.kafkarpenter.model.interruption.fixtures.InterruptionFixtures;

class InterruptionMarksTest {

    private static final String ID = InterruptionFixtures.INSTANCE_ID;
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aSpotInterruptionWritesTheTerminationAnnotationsTheTerminationFlowReads() {
        NodeClaim claim = claim(Map.of("team", "web"), false);
        InterruptionAction action = spot("event-1", InterruptionFixtures.owned(ID));

        assertThat(InterruptionMarks.annotate(claim, action, NOW)).isTrue();

        assertThat(claim.getMetadata().getAnnotations())
            .containsEntry("team", "web")
            .containsEntry(DisruptionKeys.TERMINATION_REASON, "SPOT_INTERRUPTED")
            .containsEntry(DisruptionKeys.TERMINATION_DECISION, "intr-event-1")
            .containsEntry(DisruptionKeys.TERMINATION_NODE, "ip-10-0-1-23.us-west-2.compute.internal")
            .containsEntry(DisruptionKeys.TERMINATION_ACCEPTED_AT, NOW.toString())
            .hasEntrySatisfying(DisruptionKeys.TERMINATION_MESSAGE, m -> assertThat(m).contains(ID)
                .contains("c6a.large/us-west-2a/spot"));
        assertThat(InterruptionMarks.byInterruption(claim)).isTrue();
    }

    @Test
    void annotatingTwiceForTheSameEventChangesNothing() {
        NodeClaim claim = claim(Map.of(), false);
        InterruptionAction action = spot("event-1", InterruptionFixtures.owned(ID));
        InterruptionMarks.annotate(claim, action, NOW);

        assertThat(InterruptionMarks.annotate(claim, action, NOW.plusSeconds(5))).isFalse();
        assertThat(claim.getMetadata().getAnnotations()).containsEntry(DisruptionKeys.TERMINATION_ACCEPTED_AT, NOW.toString());
    }

    @Test
    void anInterruptionSupersedesAConsolidationWaitingForReplacements() {
        NodeClaim claim = claim(Map.of(DisruptionKeys.TERMINATION_REASON, "UNDERUTILIZED",
            DisruptionKeys.TERMINATION_DECISION, "cons-1", DisruptionKeys.TERMINATION_REPLACEMENTS, "web-abc"), false);
        assertThat(InterruptionMarks.byInterruption(claim)).isFalse();

        assertThat(InterruptionMarks.annotate(claim, spot("event-2", InterruptionFixtures.owned(ID)), NOW)).isTrue();

        assertThat(claim.getMetadata().getAnnotations()).doesNotContainKey(DisruptionKeys.TERMINATION_REPLACEMENTS)
            .containsEntry(DisruptionKeys.TERMINATION_REASON, "SPOT_INTERRUPTED")
            .containsEntry(DisruptionKeys.TERMINATION_DECISION, "intr-event-2");
    }

    @Test
    void aRedeliveredMessageIsRecognisedOnlyOnceItsDeletionHasStarted() {
        InterruptionAction action = spot("event-3", InterruptionFixtures.owned(ID));
        NodeClaim annotatedNotDeleted = claim(Map.of(DisruptionKeys.TERMINATION_DECISION, "intr-event-3"), false);
        NodeClaim deleting = claim(Map.of(DisruptionKeys.TERMINATION_DECISION, "intr-event-3"), true);
        NodeClaim deletingForAnother = claim(Map.of(DisruptionKeys.TERMINATION_DECISION, "intr-event-4"), true);
        NodeClaim deletedByHand = claim(Map.of(), true);

        assertThat(InterruptionMarks.alreadyHandled(annotatedNotDeleted, action)).as("the delete is still to do").isFalse();
        assertThat(InterruptionMarks.alreadyHandled(deleting, action)).isTrue();
        assertThat(InterruptionMarks.alreadyHandled(deletingForAnother, action)).isFalse();
        assertThat(InterruptionMarks.alreadyHandled(deletedByHand, action)).isFalse();
    }

    @Test
    void aMessageWithoutEventIdGetsADecisionIdAllTheSame() {
        assertThat(InterruptionDecisions.schedulingId(spot(null, InterruptionFixtures.owned(ID)))).isEqualTo("intr-unknown");
    }

    private static InterruptionAction spot(String eventId, OwnedInstance owner) {
        var body = InterruptionFixtures.spotInterruption(ID);
        if (eventId != null) {
            body.id(eventId);
        } else {
            body.without("id");
        }
        Function<String, Optional<OwnedInstance>> owners = id -> id.equals(owner.instanceId()) ? Optional.of(owner)
            : Optional.empty();
        return InterruptionDecisions.decide(InterruptionParser.parse(body.json()), owners, NOW).get(0);
    }

    private static NodeClaim claim(Map<String, String> annotations, boolean deleting) {
        NodeClaim claim = new NodeClaim();
        claim.setMetadata(new ObjectMetaBuilder().withName("default-abcde").withAnnotations(annotations)
            .withDeletionTimestamp(deleting ? NOW.minusSeconds(1).toString() : null).build());
        return claim;
    }
}
