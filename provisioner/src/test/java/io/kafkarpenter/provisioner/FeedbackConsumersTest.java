package io.kafkarpenter.provisioner;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.events.EventHeaders;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.Topics;

/** Launch decisions read back from kk.nodeclaims.launch: ours are not parsed a second time, the others are. */
class FeedbackConsumersTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final InFlightClaims inFlight = new InFlightClaims();
    private final FeedbackConsumers consumers = new FeedbackConsumers(inFlight, null, null, new FeedbackReplay());

    private static NodeClaimLaunch launch(String name) {
        return InFlightClaimsTest.launch(name, NOW);
    }

    private static ConsumerRecord<String, byte[]> record(String nodeClaim, byte[] value) {
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>(Topics.NODECLAIMS_LAUNCH, 0, 0, "default", value);
        r.headers().add(EventHeaders.NODECLAIM, nodeClaim.getBytes(UTF_8));
        return r;
    }

    private int active() {
        return inFlight.active(NOW.plusSeconds(1), Duration.ofSeconds(30), name -> false).size();
    }

    @Test
    void ourOwnLaunchReadBackTheFirstTimeIsNotParsedAgainButAReplayOfItIs() {
        inFlight.decided(launch("default-abc"));
        byte[] unreadable = "not the JSON we published".getBytes(UTF_8);

        consumers.onLaunch(record("default-abc", unreadable));
        assertThat(active()).isEqualTo(1);

        assertThatThrownBy(() -> consumers.onLaunch(record("default-abc", unreadable)))
            .isInstanceOf(RuntimeException.class);
    }

    @Test
    void aLaunchDecidedElsewhereIsReadAndCounted() {
        consumers.onLaunch(record("replacement-1", EventJson.toBytes(launch("replacement-1"))));

        assertThat(active()).isEqualTo(1);
        assertThat(inFlight.readBack("replacement-1")).isFalse();
    }
}
