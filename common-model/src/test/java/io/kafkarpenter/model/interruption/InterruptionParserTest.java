package io.kafkarpenter.model.interruption;

import io.kafkarpenter.model.events.InvalidEventException;
import io.kafkarpenter.model.interruption.InterruptionMessage.CapacityReservationInterruption;
import io.kafkarpenter.model.interruption.InterruptionMessage.NoOp;
import io.kafkarpenter.model.interruption.InterruptionMessage.RebalanceRecommendation;
import io.kafkarpenter.model.interruption.InterruptionMessage.ScheduledChange;
import io.kafkarpenter.model.interruption.InterruptionMessage.SpotInterruption;
import io.kafkarpenter.model.interruption.InterruptionMessage.StateChange;
import io.kafkarpenter.model.interruption.fixtures.InterruptionFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static io.kafkarpenter.model.interruption.fixtures.InterruptionFixtures.INSTANCE_ID;
import static io.kafkarpenter.model.interruption.fixtures.InterruptionFixtures.TIME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InterruptionParserTest {

    @Test
    void readsASpotInterruptionWarning() {
        InterruptionMessage m = InterruptionParser.parse(InterruptionFixtures.spotInterruption(INSTANCE_ID).id("evt-1").json());

        assertThat(m).isEqualTo(new SpotInterruption("evt-1", TIME, INSTANCE_ID, "terminate"));
        assertThat(m.type().label()).isEqualTo("spot_interrupted");
        assertThat(m.instanceIds()).containsExactly(INSTANCE_ID);
    }

    @Test
    void theInstanceActionIsOptional() {
        InterruptionMessage m = InterruptionParser.parse(InterruptionFixtures.spotInterruption(INSTANCE_ID)
                .without("detail.instance-action").json());
        assertThat(((SpotInterruption) m).action()).isNull();
    }

    @Test
    void readsARebalanceRecommendation() {
        InterruptionMessage m = InterruptionParser.parse(InterruptionFixtures.rebalanceRecommendation(INSTANCE_ID).json());

        assertThat(m).isInstanceOf(RebalanceRecommendation.class);
        assertThat(m.type().label()).isEqualTo("rebalance_recommendation");
        assertThat(m.instanceIds()).containsExactly(INSTANCE_ID);
        assertThat(m.time()).isEqualTo(TIME);
    }

    @ParameterizedTest
    @CsvSource({
            "stopping, instance_stopped",
            "stopped, instance_stopped",
            "shutting-down, instance_terminated",
            "terminated, instance_terminated",
            "STOPPED, instance_stopped"})
    void readsTheStateChangesKarpenterActsOn(String state, String label) {
        InterruptionMessage m = InterruptionParser.parse(InterruptionFixtures.stateChange(INSTANCE_ID, state).json());

        assertThat(m).isInstanceOf(StateChange.class);
        assertThat(((StateChange) m).state()).isEqualTo(state.toLowerCase());
        assertThat(m.type().label()).isEqualTo(label);
        assertThat(m.instanceIds()).containsExactly(INSTANCE_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pending", "running"})
    void otherStatesAreNoOps(String state) {
        InterruptionMessage m = InterruptionParser.parse(InterruptionFixtures.stateChange(INSTANCE_ID, state).json());

        assertThat(m).isInstanceOf(NoOp.class);
        assertThat(m.type().label()).isEqualTo("no_op");
        assertThat(m.instanceIds()).isEmpty();
        assertThat(((NoOp) m).why()).contains(state);
    }

    @Test
    void readsAnEc2ScheduledChangeWithEveryAffectedInstance() {
        InterruptionMessage m = InterruptionParser.parse(
                InterruptionFixtures.scheduledChange(INSTANCE_ID, "i-0fff").json());

        ScheduledChange change = (ScheduledChange) m;
        assertThat(change.instanceIds()).containsExactly(INSTANCE_ID, "i-0fff");
        assertThat(change.eventTypeCode()).isEqualTo("AWS_EC2_PERSISTENT_INSTANCE_RETIREMENT_SCHEDULED");
        assertThat(change.startTime()).isEqualTo("Sat, 19 Dec 2026 15:00:00 GMT");
        assertThat(change.type().label()).isEqualTo("scheduled_change");
    }

    @Test
    void healthEventsOfOtherServicesOrCategoriesAreNoOps() {
        assertThat(InterruptionParser.parse(InterruptionFixtures.scheduledChange(INSTANCE_ID)
                .with("detail.service", "RDS").json())).isInstanceOf(NoOp.class);
        assertThat(InterruptionParser.parse(InterruptionFixtures.scheduledChange(INSTANCE_ID)
                .with("detail.eventTypeCategory", "issue").json())).isInstanceOf(NoOp.class);
        // not read at all when ignored: a broken entity list does not matter
        assertThat(InterruptionParser.parse(InterruptionFixtures.scheduledChange(INSTANCE_ID)
                .with("detail.eventTypeCategory", "accountNotification").withJson("detail.affectedEntities", "7").json()))
                .isInstanceOf(NoOp.class);
    }

    @Test
    void readsACapacityReservationInterruption() {
        InterruptionMessage m = InterruptionParser.parse(
                InterruptionFixtures.capacityReservationInterruption(INSTANCE_ID).json());

        assertThat(m).isInstanceOf(CapacityReservationInterruption.class);
        assertThat(((CapacityReservationInterruption) m).action()).isEqualTo("terminate");
        assertThat(m.type().label()).isEqualTo("capacity_reservation_interrupted");
    }

    @Test
    void emptyBodiesAndUnhandledKindsAreNoOps() {
        assertThat(InterruptionParser.parse(null)).isInstanceOf(NoOp.class);
        assertThat(InterruptionParser.parse("  ")).isInstanceOf(NoOp.class);
        assertThat(InterruptionParser.parse(InterruptionFixtures.unhandledEvent().json()))
                .isInstanceOfSatisfying(NoOp.class, n -> assertThat(n.why()).contains("EBS Snapshot Notification"));
        // a known detail-type under another version or source is not the same event
        assertThat(InterruptionParser.parse(InterruptionFixtures.spotInterruption(INSTANCE_ID).with("version", "1").json()))
                .isInstanceOf(NoOp.class);
        assertThat(InterruptionParser.parse(InterruptionFixtures.spotInterruption(INSTANCE_ID).with("source", "my.app").json()))
                .isInstanceOf(NoOp.class);
        assertThat(InterruptionParser.parse(InterruptionFixtures.spotInterruption(INSTANCE_ID).without("detail-type").json()))
                .isInstanceOf(NoOp.class);
        assertThat(InterruptionParser.parse("{}")).isInstanceOf(NoOp.class);
    }

    @Test
    void unknownFieldsAreIgnoredAndOffsetsAreRead() {
        InterruptionMessage m = InterruptionParser.parse(InterruptionFixtures.spotInterruption(INSTANCE_ID)
                .with("detail.new-field", "x").withJson("replay-name", "{\"a\":1}")
                .with("time", "2026-12-06T17:00:00+01:00").json());
        assertThat(m.time()).isEqualTo(Instant.parse("2026-12-06T16:00:00Z"));
    }

    // ---- malformed: the exception names the field --------------------------------------------------------------------

    @Test
    void notJsonOrNotAnObjectIsMalformed() {
        assertMalformed("{not json", null, "not valid JSON");
        assertMalformed("[1,2]", null, "expected a JSON object, got ARRAY");
        assertMalformed("\"text\"", null, "expected a JSON object");
        assertMalformed("{} trailing", null, "not valid JSON");
    }

    @Test
    void envelopeFieldsOfTheWrongTypeAreMalformed() {
        // the docs' capacity-reservation sample writes resources as a string: it breaks Karpenter's decode too
        assertMalformed(InterruptionFixtures.capacityReservationInterruption(INSTANCE_ID)
                .with("resources", "[instance arn]").json(), "resources", "expected an array of strings");
        assertMalformed(InterruptionFixtures.spotInterruption(INSTANCE_ID).withJson("resources", "[1]").json(),
                "resources[0]", "expected a string");
        assertMalformed(InterruptionFixtures.spotInterruption(INSTANCE_ID).with("time", "yesterday").json(),
                "time", "'yesterday' is not an RFC 3339 time");
        assertMalformed(InterruptionFixtures.spotInterruption(INSTANCE_ID).withJson("version", "0").json(),
                "version", "expected a string, got NUMBER");
        assertMalformed(InterruptionFixtures.spotInterruption(INSTANCE_ID).withJson("detail-type", "{}").json(),
                "detail-type", "expected a string");
        // even for a kind we would ignore
        assertMalformed(InterruptionFixtures.unhandledEvent().withJson("time", "1").json(), "time", "expected a string");
    }

    @Test
    void aHandledKindWithoutAFieldItNeedsIsMalformed() {
        assertMalformed(InterruptionFixtures.spotInterruption(INSTANCE_ID).without("detail.instance-id").json(),
                "detail.instance-id", "missing required field 'detail.instance-id'");
        assertMalformed(InterruptionFixtures.spotInterruption(INSTANCE_ID).with("detail.instance-id", "").json(),
                "detail.instance-id", "empty");
        assertMalformed(InterruptionFixtures.spotInterruption(INSTANCE_ID).withJson("detail.instance-id", "42").json(),
                "detail.instance-id", "expected a string, got NUMBER");
        assertMalformed(InterruptionFixtures.spotInterruption(INSTANCE_ID).withJson("detail.instance-action", "[]").json(),
                "detail.instance-action", "expected a string");
        assertMalformed(InterruptionFixtures.rebalanceRecommendation(INSTANCE_ID).without("detail").json(),
                "detail", "missing required field 'detail'");
        assertMalformed(InterruptionFixtures.rebalanceRecommendation(INSTANCE_ID).withJson("detail", "\"x\"").json(),
                "detail", "expected an object");
        assertMalformed(InterruptionFixtures.stateChange(INSTANCE_ID, "stopped").without("detail.state").json(),
                "detail.state", "missing required field 'detail.state'");
        assertMalformed(InterruptionFixtures.capacityReservationInterruption(INSTANCE_ID).without("detail.instance-id")
                .json(), "detail.instance-id", "missing required field");
        assertMalformed(InterruptionFixtures.spotInterruption(INSTANCE_ID).without("time").json(),
                "time", "missing required field 'time'");
    }

    @Test
    void aScheduledChangeWithBrokenEntitiesIsMalformed() {
        assertMalformed(InterruptionFixtures.scheduledChange(INSTANCE_ID).without("detail.affectedEntities").json(),
                "detail.affectedEntities", "missing required field");
        assertMalformed(InterruptionFixtures.scheduledChange(INSTANCE_ID).withJson("detail.affectedEntities", "{}").json(),
                "detail.affectedEntities", "expected an array");
        assertMalformed(InterruptionFixtures.scheduledChange(INSTANCE_ID)
                        .withJson("detail.affectedEntities", "[{\"entityValue\":\"i-1\"},{\"tags\":{}}]").json(),
                "detail.affectedEntities[1].entityValue", "missing required field 'detail.affectedEntities[1].entityValue'");
        assertMalformed(InterruptionFixtures.scheduledChange(INSTANCE_ID)
                .withJson("detail.affectedEntities", "[\"i-1\"]").json(), "detail.affectedEntities[0]", "expected an object");
    }

    private static void assertMalformed(String body, String field, String problem) {
        assertThatThrownBy(() -> InterruptionParser.parse(body))
                .isInstanceOf(InvalidInterruptionMessageException.class)
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("InterruptionMessage: ")
                .hasMessageContaining(problem)
                .satisfies(e -> {
                    InvalidEventException ie = (InvalidEventException) e;
                    assertThat(ie.fieldPath()).isEqualTo(field);
                    assertThat(ie.recordName()).isEqualTo("InterruptionMessage");
                    if (field != null) {
                        assertThat(ie.getMessage()).contains("'" + field + "'");
                    }
                });
    }
}
