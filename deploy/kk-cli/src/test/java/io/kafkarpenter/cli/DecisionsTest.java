package io.kafkarpenter.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.model.pods.PodRef;
import io.kafkarpenter.model.reasons.Reason;

class DecisionsTest {

    @Test
    void onePodOutcomePerLineWithItsReason() {
        var placed = Reason.SCHEDULED_NEW_NODECLAIM.format("default-abc", "default");
        var limited = Reason.NODEPOOL_LIMIT_REACHED.format("default", "cpu", "10");
        DecisionRecord record = new DecisionRecord("prov-1", "prov-1", "provisioner", DecisionKind.PROVISIONING,
            List.of(), Reason.SCHEDULED_NEW_NODECLAIM, "2 pods", List.of(
                new PodOutcome(new PodRef("default", "inflate-0", "u0"), placed.reason(), placed.text(), "default-abc"),
                new PodOutcome(new PodRef("default", "inflate-1", "u1"), limited.reason(), limited.text(), null)),
            Instant.parse("2026-01-01T00:00:00Z"));

        List<String> lines = Decisions.lines(record);

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("default/inflate-0").contains("SCHEDULED_NEW_NODECLAIM").contains("default-abc");
        assertThat(lines.get(1)).contains("default/inflate-1").contains("NODEPOOL_LIMIT_REACHED")
            .contains("cpu limit 10 reached");
    }

    @Test
    void anUnreadableCommandConfigIsAClearErrorBeforeAnyConnection() {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();

        int exit = Decisions.run(new String[] {"decisions", "--command-config", "/nonexistent/admin.properties"},
            new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(UTF_8)).contains("--command-config /nonexistent/admin.properties");
    }
}
