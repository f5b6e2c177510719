package io.kafkarpenter.sandbox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.model.pods.PodRef;
import io.kafkarpenter.model.reasons.Reason;

class LatestPodOutcomesTest {

    private static final PodRef POD = new PodRef("default", "batch-1", "uid-1");
    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aNewerDecisionReadBeforeAnOlderOneStaysTheLatest() {
        LatestPodOutcomes latest = new LatestPodOutcomes();
        latest.record(decision("provisioner", T.plusSeconds(5), Reason.SCHEDULED_NEW_NODECLAIM, "spot-new"));
        latest.record(decision("provisioner", T, Reason.SCHEDULED_NEW_NODECLAIM, "spot-failed"));

        assertEquals("spot-new", latest.of("uid-1").target());
    }

    @Test
    void aLaterDecisionReplacesAnEarlierOne() {
        LatestPodOutcomes latest = new LatestPodOutcomes();
        latest.record(decision("provisioner", T, Reason.SCHEDULED_NEW_NODECLAIM, "spot-failed"));
        latest.record(decision("provisioner", T.plusSeconds(5), Reason.SCHEDULED_INFLIGHT_NODECLAIM, "spot-new"));

        assertEquals(Reason.SCHEDULED_INFLIGHT_NODECLAIM, latest.of("uid-1").reason());
    }

    @Test
    void otherServicesRecordsAreNotPodOutcomes() {
        LatestPodOutcomes latest = new LatestPodOutcomes();
        latest.record(decision("consolidator", T, Reason.SCHEDULED_EXISTING_NODE, "node-a"));

        assertNull(latest.of("uid-1"));
    }

    private static DecisionRecord decision(String service, Instant at, Reason reason, String target) {
        return new DecisionRecord("prov-" + at.getEpochSecond(), null, service, DecisionKind.PROVISIONING, List.of(),
            reason, "decided", List.of(new PodOutcome(POD, reason, "m", target)), at);
    }
}
