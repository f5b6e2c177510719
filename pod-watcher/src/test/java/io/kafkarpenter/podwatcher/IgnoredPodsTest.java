package io.kafkarpenter.podwatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.pods.PodRef;
import io.kafkarpenter.model.reasons.Reason;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The decision record saying why a pod is ignored reaches the topic even when the broker fails for a while. */
class IgnoredPodsTest {

    private final FlakyBroker broker = new FlakyBroker();
    private final IgnoredPods ignored = new IgnoredPods(broker.emitter(), PendingPodPublisherTest.RETRY,
        new SimpleMeterRegistry());

    @Test
    void theDecisionOfAnIgnoredPodIsRetriedUntilTheBrokerHasIt() {
        broker.down = true;
        ignored.ignored(new PodRef("default", "p", "u1"), Reason.values()[0].format("x", "y"));
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.attempts.get() >= 3);

        broker.down = false;
        await().atMost(Duration.ofSeconds(10)).until(() -> !broker.acknowledged.isEmpty());
        assertThat(broker.acknowledged).containsExactly("ignored-u1=DecisionRecord");
    }
}
