package io.kafkarpenter.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.fixtures.EventFixtures;
import io.kafkarpenter.sandbox.ec2.MutableClock;
import io.kafkarpenter.service.kafka.RetriedSend;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * A launch decision whose send fails (the broker down or restarting) is sent again, the same record, until the broker
 * has it; one that expires first is given up (it lapses like an unanswered decision) instead of blocking for ever.
 */
class LaunchPublisherTest {

    private final NodeClaimLaunch launch = EventFixtures.nodeClaimLaunch();
    private final List<Message<byte[]>> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final MutableClock clock = new MutableClock(launch.createdAt());
    /** The clock passes the decision's expiry at this attempt. */
    private volatile int expireAfterAttempts = Integer.MAX_VALUE;
    private final LaunchPublisher publisher = new LaunchPublisher(emitter(),
        new RetriedSend(Duration.ofMillis(5), Duration.ofMillis(20)), clock);

    @Test
    void aFailedSendIsRetriedWithTheSameRecordUntilTheBrokerHasIt() {
        failuresLeft.set(3);

        assertThat(publisher.publish(launch, Correlation.NONE)).isTrue();

        assertThat(attempts).hasSize(4);
        assertThat(attempts).extracting(Message::getPayload).allSatisfy(p -> assertThat(p).isEqualTo(attempts.get(0).getPayload()));
    }

    @Test
    void aDecisionThatExpiresWhileTheBrokerIsDownIsGivenUp() {
        failuresLeft.set(Integer.MAX_VALUE);
        expireAfterAttempts = 2;

        assertThat(publisher.publish(launch, Correlation.NONE)).isFalse();
        assertThat(attempts).hasSize(2);
    }

    @Test
    void aPassesLaunchesAreAllSentEachRetriedOnItsOwn() {
        failuresLeft.set(2);
        List<NodeClaimLaunch> many = java.util.stream.IntStream.range(0, 2 * LaunchPublisher.CHUNK + 7)
            .mapToObj(i -> launch).toList();

        publisher.publishAll(many, l -> Correlation.NONE);

        assertThat(attempts).hasSize(many.size() + 2);
    }

    @SuppressWarnings("unchecked")
    private MutinyEmitter<byte[]> emitter() {
        return (MutinyEmitter<byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {MutinyEmitter.class}, (proxy, method, args) -> Uni.createFrom().deferred(() -> {
                attempts.add((Message<byte[]>) args[0]);
                if (attempts.size() >= expireAfterAttempts) {
                    clock.set(launch.expiresAt());
                }
                return failuresLeft.getAndDecrement() > 0
                    ? Uni.createFrom().failure(new org.apache.kafka.common.errors.TimeoutException("broker down"))
                    : Uni.createFrom().voidItem();
            }));
    }
}
