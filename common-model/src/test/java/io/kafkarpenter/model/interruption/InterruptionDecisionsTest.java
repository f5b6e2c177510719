package io.kafkarpenter.model.interruption;

import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.events.UnavailableOffering;
import io.kafkarpenter.model.interruption.InterruptionAction.Kind;
import io.kafkarpenter.model.interruption.fixtures.InterruptionFixtures;
import io.kafkarpenter.model.kubeevent.KubeEvent;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.model.reasons.ReasonCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static io.kafkarpenter.model.interruption.fixtures.InterruptionFixtures.INSTANCE_ID;
import static io.kafkarpenter.model.interruption.fixtures.InterruptionFixtures.TIME;
import static org.assertj.core.api.Assertions.assertThat;

class InterruptionDecisionsTest {

    private static final Instant NOW = TIME.plusSeconds(3);
    private static final OwnedInstance OWNED = InterruptionFixtures.owned(INSTANCE_ID);
    private static final Function<String, Optional<OwnedInstance>> OWNS_IT =
            id -> Optional.ofNullable(Map.of(INSTANCE_ID, OWNED).get(id));

    private static InterruptionAction only(InterruptionFixtures.Body body, Function<String, Optional<OwnedInstance>> owners) {
        List<InterruptionAction> actions = InterruptionDecisions.decide(InterruptionParser.parse(body.json()), owners, NOW);
        assertThat(actions).hasSize(1);
        return actions.get(0);
    }

    @Test
    void aSpotInterruptionDeletesTheNodeClaimAndMarksItsSpotOfferingUnavailable() {
        InterruptionAction a = only(InterruptionFixtures.spotInterruption(INSTANCE_ID), OWNS_IT);

        assertThat(a.kind()).isEqualTo(Kind.DELETE_NODECLAIM);
        assertThat(a.startsTermination()).isTrue();
        assertThat(a.disruptedReasonLabel()).contains("spot_interrupted");
        assertThat(a.owner()).isEqualTo(OWNED);
        assertThat(a.why().reason()).isEqualTo(Reason.SPOT_INTERRUPTED);
        assertThat(a.why().text()).isEqualTo("instance i-0abc1234def567890 of NodeClaim default-abcde: spot interruption "
                + "warning (instance-action terminate); NodeClaim deleted, unavailable offering: c6a.large/us-west-2a/spot");
        UnavailableOffering offering = a.unavailableOffering().orElseThrow();
        assertThat(offering.key()).isEqualTo("c6a.large/us-west-2a/spot");
        assertThat(offering.reason()).isEqualTo(Reason.SPOT_INTERRUPTED);
        assertThat(offering.markedAt()).isEqualTo(NOW);
        assertThat(offering.expiresAt()).isEqualTo(NOW.plus(UnavailableOffering.DEFAULT_TTL));
        assertThat(a.events()).extracting(KubeEvent::reason).containsExactly("SpotInterrupted", "SpotInterrupted");
        assertThat(a.events()).extracting(e -> e.object().kind()).containsExactly("NodeClaim", "Node");
        assertThat(a.terminationEvents()).extracting(KubeEvent::message).containsExactly(
                "Interruption triggered termination for the NodeClaim", "Interruption triggered termination for the Node");
    }

    @Test
    void anUnlabelledSpotNodeClaimIsDeletedWithoutAnOffering() {
        OwnedInstance unlabelled = new OwnedInstance(INSTANCE_ID, "default-abcde", "claim-uid", "default", null, null,
                null, null, null, false);
        InterruptionAction a = only(InterruptionFixtures.spotInterruption(INSTANCE_ID), id -> Optional.of(unlabelled));

        assertThat(a.kind()).isEqualTo(Kind.DELETE_NODECLAIM);
        assertThat(a.unavailableOffering()).isEmpty();
        assertThat(a.why().text()).endsWith("unavailable offering: none (instance type or zone of the NodeClaim unknown)");
        // no Node yet: events on the NodeClaim only
        assertThat(a.events()).extracting(e -> e.object().kind()).containsExactly("NodeClaim");
        assertThat(a.terminationEvents()).hasSize(1);
    }

    @ParameterizedTest
    @CsvSource({
            "stopping, instance_stopped, InstanceStopping, Instance is stopping",
            "stopped, instance_stopped, InstanceStopping, Instance is stopping",
            "shutting-down, instance_terminated, InstanceTerminating, Instance is terminating",
            "terminated, instance_terminated, InstanceTerminating, Instance is terminating"})
    void aStateChangeDeletesTheNodeClaim(String state, String label, String event, String message) {
        InterruptionAction a = only(InterruptionFixtures.stateChange(INSTANCE_ID, state), OWNS_IT);

        assertThat(a.kind()).isEqualTo(Kind.DELETE_NODECLAIM);
        assertThat(a.disruptedReasonLabel()).contains(label);
        assertThat(a.why().reason()).isEqualTo(Reason.INSTANCE_STATE_CHANGED);
        assertThat(a.why().text()).isEqualTo("instance i-0abc1234def567890 of NodeClaim default-abcde is " + state
                + "; NodeClaim deleted");
        assertThat(a.unavailableOffering()).isEmpty();
        assertThat(a.events()).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo(event);
            assertThat(e.message()).isEqualTo(message);
            assertThat(e.type()).isEqualTo(KubeEvent.Type.Warning);
        });
    }

    @Test
    void aScheduledChangeDeletesEveryOwnedNodeClaimAndIgnoresTheOthers() {
        List<InterruptionAction> actions = InterruptionDecisions.decide(InterruptionParser.parse(
                InterruptionFixtures.scheduledChange(INSTANCE_ID, "i-0other", INSTANCE_ID).id("evt-9").json()), OWNS_IT, NOW);

        assertThat(actions).extracting(InterruptionAction::instanceId).containsExactly(INSTANCE_ID, "i-0other");
        InterruptionAction owned = actions.get(0);
        assertThat(owned.kind()).isEqualTo(Kind.DELETE_NODECLAIM);
        assertThat(owned.why().reason()).isEqualTo(Reason.SCHEDULED_CHANGE);
        assertThat(owned.why().text()).contains("AWS_EC2_PERSISTENT_INSTANCE_RETIREMENT_SCHEDULED");
        assertThat(owned.events()).extracting(KubeEvent::message)
                .containsOnly("An unhealthy warning was triggered for the instance");
        assertThat(owned.disruptedReasonLabel()).contains("scheduled_change");

        InterruptionAction other = actions.get(1);
        assertThat(other.kind()).isEqualTo(Kind.IGNORE_UNOWNED);
        assertThat(other.why().text()).isEqualTo(
                "scheduled_change message evt-9 for instance i-0other, which no NodeClaim of this cluster owns: ignored");
    }

    @Test
    void aCapacityReservationInterruptionDeletesTheNodeClaimWithoutAnOffering() {
        InterruptionAction a = only(InterruptionFixtures.capacityReservationInterruption(INSTANCE_ID), OWNS_IT);

        assertThat(a.kind()).isEqualTo(Kind.DELETE_NODECLAIM);
        assertThat(a.why().reason()).isEqualTo(Reason.CAPACITY_RESERVATION_INTERRUPTED);
        assertThat(a.unavailableOffering()).isEmpty();
        assertThat(a.events()).extracting(KubeEvent::reason).containsOnly("CapacityReservationInstanceInterrupted");
        assertThat(a.disruptedReasonLabel()).contains("capacity_reservation_interrupted");
    }

    @Test
    void aRebalanceRecommendationIsAnEventOnly() {
        InterruptionAction a = only(InterruptionFixtures.rebalanceRecommendation(INSTANCE_ID), OWNS_IT);

        assertThat(a.kind()).isEqualTo(Kind.EVENT_ONLY);
        assertThat(a.startsTermination()).isFalse();
        assertThat(a.disruptedReasonLabel()).isEmpty();
        assertThat(a.unavailableOffering()).isEmpty();
        assertThat(a.terminationEvents()).isEmpty();
        assertThat(a.why().reason()).isEqualTo(Reason.REBALANCE_RECOMMENDED);
        assertThat(a.events()).allSatisfy(e -> {
            assertThat(e.reason()).isEqualTo("SpotRebalanceRecommendation");
            assertThat(e.type()).isEqualTo(KubeEvent.Type.Normal);
            assertThat(e.message()).isEqualTo("Spot rebalance recommendation was triggered");
        });
    }

    @Test
    void anInstanceThisClusterDoesNotOwnIsIgnoredForEveryKind() {
        for (InterruptionFixtures.Body body : InterruptionFixtures.allHandledShapes("i-0notours")) {
            InterruptionAction a = only(body, id -> Optional.empty());
            assertThat(a.kind()).as(body.json()).isEqualTo(Kind.IGNORE_UNOWNED);
            assertThat(a.owner()).isNull();
            assertThat(a.events()).isEmpty();
            assertThat(a.terminationEvents()).isEmpty();
            assertThat(a.unavailableOffering()).isEmpty();
            assertThat(a.why().reason()).isEqualTo(Reason.INTERRUPTION_UNOWNED_INSTANCE);
            assertThat(a.why().text()).contains("i-0notours");
        }
    }

    @Test
    void aNodeClaimAlreadyBeingDeletedGetsTheEventsButNoSecondTermination() {
        OwnedInstance deleting = OWNED.markedDeleting();
        InterruptionAction a = only(InterruptionFixtures.spotInterruption(INSTANCE_ID), id -> Optional.of(deleting));

        assertThat(a.kind()).isEqualTo(Kind.DELETE_NODECLAIM);
        assertThat(a.startsTermination()).isFalse();
        assertThat(a.disruptedReasonLabel()).isEmpty();
        assertThat(a.terminationEvents()).isEmpty();
        // Karpenter still publishes the warning and marks the offering
        assertThat(a.events()).isNotEmpty();
        assertThat(a.unavailableOffering()).isPresent();
    }

    @Test
    void aNoOpHasNoAction() {
        assertThat(InterruptionDecisions.decide(InterruptionParser.parse(
                InterruptionFixtures.stateChange(INSTANCE_ID, "running").json()), OWNS_IT, NOW)).isEmpty();
        assertThat(InterruptionDecisions.decide(InterruptionParser.parse(""), OWNS_IT, NOW)).isEmpty();
    }

    @Test
    void everyActionIsADecisionRecordWithItsReason() {
        InterruptionAction a = only(InterruptionFixtures.spotInterruption(INSTANCE_ID).id("evt-1"), OWNS_IT);
        DecisionRecord record = InterruptionDecisions.record(a, "launcher", NOW);

        assertThat(record.schedulingId()).isEqualTo("intr-evt-1");
        assertThat(record.decisionId()).isEqualTo("intr-evt-1-" + INSTANCE_ID);
        assertThat(record.kind()).isEqualTo(DecisionKind.DISRUPTION);
        assertThat(record.reason()).isEqualTo(Reason.SPOT_INTERRUPTED);
        assertThat(record.message()).isEqualTo(a.why().text());
        assertThat(record.subjects()).containsExactly(Subject.awsResource("Instance", INSTANCE_ID),
                Subject.nodeClaim("default-abcde"), Subject.nodePool("default"),
                Subject.node("ip-10-0-1-23.us-west-2.compute.internal"));
        // it is a valid kk.decisions payload
        assertThat(EventJson.read(EventJson.toJson(record), DecisionRecord.class)).isEqualTo(record);

        InterruptionAction unowned = only(InterruptionFixtures.rebalanceRecommendation("i-0x").id("evt-2"),
                id -> Optional.empty());
        assertThat(InterruptionDecisions.record(unowned, "launcher", NOW).subjects())
                .containsExactly(Subject.awsResource("Instance", "i-0x"));
    }

    @Test
    void aMalformedMessageIsADecisionRecordNamingTheField() {
        InvalidInterruptionMessageException error = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidInterruptionMessageException.class, () -> InterruptionParser.parse(
                        InterruptionFixtures.spotInterruption(INSTANCE_ID).without("detail.instance-id").json()));
        DecisionRecord record = InterruptionDecisions.malformed("sqs-msg-1", error, "launcher", NOW);

        assertThat(record.kind()).isEqualTo(DecisionKind.INPUT);
        assertThat(record.reason()).isEqualTo(Reason.INTERRUPTION_MALFORMED);
        assertThat(record.reason().category()).isEqualTo(ReasonCategory.INVALID_INPUT);
        assertThat(record.schedulingId()).isEqualTo("intr-sqs-sqs-msg-1");
        assertThat(record.message()).isEqualTo("interruption message sqs-msg-1 could not be read and was deleted: "
                + "InterruptionMessage: missing required field 'detail.instance-id'");
        assertThat(EventJson.read(EventJson.toJson(record), DecisionRecord.class)).isEqualTo(record);
    }

    @Test
    void theQueueDurationRunsFromTheEventTime() {
        InterruptionMessage m = InterruptionParser.parse(InterruptionFixtures.spotInterruption(INSTANCE_ID).json());
        assertThat(InterruptionDecisions.queueDuration(m, NOW)).contains(Duration.ofSeconds(3));
        assertThat(InterruptionDecisions.queueDuration(m, TIME.minusSeconds(5))).contains(Duration.ZERO);
        assertThat(InterruptionDecisions.queueDuration(InterruptionParser.parse(""), NOW)).isEmpty();
    }

    @Test
    void theReasonsOfDeletionsAreDisruptionsAndTheOthersInterruptions() {
        assertThat(List.of(Reason.SPOT_INTERRUPTED, Reason.SCHEDULED_CHANGE, Reason.INSTANCE_STATE_CHANGED,
                Reason.CAPACITY_RESERVATION_INTERRUPTED))
                .allSatisfy(r -> assertThat(r.category()).isEqualTo(ReasonCategory.DISRUPTION));
        assertThat(List.of(Reason.REBALANCE_RECOMMENDED, Reason.INTERRUPTION_UNOWNED_INSTANCE))
                .allSatisfy(r -> assertThat(r.category()).isEqualTo(ReasonCategory.INTERRUPTION));
    }
}
