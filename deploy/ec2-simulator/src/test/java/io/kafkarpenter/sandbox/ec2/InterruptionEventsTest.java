package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The EventBridge shapes of aws-apis.md §3, field by field (what Karpenter's parser dispatches on and reads). */
class InterruptionEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-06T16:00:00.123Z");
    private static final String ID = "i-0abc1234def567890";

    private static JsonNode event(InterruptionKind kind) throws Exception {
        return JSON.readTree(InterruptionEvents.event(kind, ID, "us-west-2", "111122223333", NOW));
    }

    private static void assertEnvelope(JsonNode e, String detailType, String source) {
        assertThat(e.path("version").asText()).isEqualTo("0");
        assertThat(e.path("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(e.path("detail-type").asText()).isEqualTo(detailType);
        assertThat(e.path("source").asText()).isEqualTo(source);
        assertThat(e.path("account").asText()).isEqualTo("111122223333");
        assertThat(e.path("time").asText()).isEqualTo("2026-12-06T16:00:00Z");
        assertThat(e.path("region").asText()).isEqualTo("us-west-2");
        assertThat(e.path("resources").isArray()).isTrue();
    }

    @Test
    void spotInterruptionWarning() throws Exception {
        JsonNode e = event(InterruptionKind.SPOT);
        assertEnvelope(e, "EC2 Spot Instance Interruption Warning", "aws.ec2");
        assertThat(e.path("resources").get(0).asText()).isEqualTo("arn:aws:ec2:us-west-2:111122223333:instance/" + ID);
        assertThat(e.path("detail").path("instance-id").asText()).isEqualTo(ID);
        assertThat(e.path("detail").path("instance-action").asText()).isEqualTo("terminate");
    }

    @Test
    void rebalanceRecommendation() throws Exception {
        JsonNode e = event(InterruptionKind.REBALANCE);
        assertEnvelope(e, "EC2 Instance Rebalance Recommendation", "aws.ec2");
        assertThat(e.path("detail").size()).isEqualTo(1);
        assertThat(e.path("detail").path("instance-id").asText()).isEqualTo(ID);
    }

    @Test
    void stateChangeNotificationsCarryTheLowercaseState() throws Exception {
        for (InterruptionKind kind : new InterruptionKind[] {InterruptionKind.STOPPING, InterruptionKind.STOPPED,
                InterruptionKind.SHUTTING_DOWN, InterruptionKind.TERMINATED}) {
            JsonNode e = event(kind);
            assertEnvelope(e, "EC2 Instance State-change Notification", "aws.ec2");
            assertThat(e.path("detail").path("instance-id").asText()).isEqualTo(ID);
            assertThat(e.path("detail").path("state").asText()).isEqualTo(kind.wireName);
        }
        assertThat(InterruptionKind.SHUTTING_DOWN.wireName).isEqualTo("shutting-down");
    }

    @Test
    void scheduledChangeIsAnEc2HealthEvent() throws Exception {
        JsonNode e = event(InterruptionKind.SCHEDULED);
        assertEnvelope(e, "AWS Health Event", "aws.health");
        assertThat(e.path("resources").get(0).asText()).isEqualTo(ID);
        JsonNode d = e.path("detail");
        assertThat(d.path("service").asText()).isEqualTo("EC2");
        assertThat(d.path("eventTypeCategory").asText()).isEqualTo("scheduledChange");
        assertThat(d.path("eventTypeCode").asText()).isEqualTo("AWS_EC2_PERSISTENT_INSTANCE_RETIREMENT_SCHEDULED");
        assertThat(d.path("eventArn").asText()).startsWith("arn:aws:health:us-west-2::event/EC2/");
        assertThat(d.path("startTime").asText()).isEqualTo("Sun, 13 Dec 2026 16:00:00 GMT");
        assertThat(d.path("endTime").asText()).isEqualTo("Sun, 13 Dec 2026 18:00:00 GMT");
        assertThat(d.path("eventDescription").get(0).path("language").asText()).isEqualTo("en_US");
        assertThat(d.path("affectedEntities").get(0).path("entityValue").asText()).isEqualTo(ID);
    }

    @Test
    void kindsParseFromTheirWireNames() {
        assertThat(InterruptionKind.parse("Spot")).isEqualTo(InterruptionKind.SPOT);
        assertThat(InterruptionKind.parse("shutting-down")).isEqualTo(InterruptionKind.SHUTTING_DOWN);
        assertThatThrownBy(() -> InterruptionKind.parse("reboot")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spot, rebalance");
    }
}
