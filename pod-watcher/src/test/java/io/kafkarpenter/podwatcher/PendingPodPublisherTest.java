package io.kafkarpenter.podwatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.kafkarpenter.service.kafka.RetriedSend;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.events.fixtures.EventFixtures;
import io.kafkarpenter.model.pods.fixtures.PodFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Delivery of pending-pod records and tombstones (DESIGN.md "Delivery"): a send the broker did not acknowledge is
 * retried with backoff until it is, it is not recorded as published before, and a newer state of the pod supersedes it.
 */
class PendingPodPublisherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    static final RetriedSend RETRY = new RetriedSend(Duration.ofMillis(5), Duration.ofMillis(40));

    private final FlakyBroker broker = new FlakyBroker();
    private final PendingPodPublisher publisher = new PendingPodPublisher(broker.emitter(), new WorkloadPartitions(null) {
        @Override
        public Integer partitionOf(String workloadKey) {
            return 0;
        }
    }, RETRY, new SimpleMeterRegistry());

    @Test
    void aSendThatFailsIsRetriedUntilTheBrokerAcknowledgesItAndOnlyThenCountsAsPublished() {
        PendingPod pod = EventFixtures.pendingPod("web-1");
        broker.failNext(3);

        publisher.publish(pod).await().atMost(WAIT);

        assertThat(broker.attempts.get()).isEqualTo(4);
        assertThat(broker.acknowledged).containsExactly(pod.key() + "=" + pod.pod().resources());
        assertThat(publisher.isPublished(pod.pod().uid())).isTrue();
        // the same view again (an update or a resync) is not sent again once it is on the topic
        publisher.publish(pod).await().atMost(WAIT);
        assertThat(broker.attempts.get()).isEqualTo(4);
    }

    @Test
    void whileTheBrokerIsDownNothingCountsAsPublishedAndNothingIsLost() {
        PendingPod pod = EventFixtures.pendingPod("web-2");
        broker.down = true;

        publisher.publish(pod).subscribe().with(done -> { });
        await().atMost(WAIT).until(() -> broker.attempts.get() >= 5);
        assertThat(publisher.isPublished(pod.pod().uid())).isFalse();
        // a resync while it is still failing does not start a second send of the same state
        publisher.publish(pod).subscribe().with(done -> { });

        broker.down = false;
        await().atMost(WAIT).until(() -> publisher.isPublished(pod.pod().uid()));
        assertThat(broker.acknowledged).hasSize(1);
    }

    @Test
    void aNewerStateOfThePodSupersedesAFailedSendWhichIsNotResent() {
        var older = EventFixtures.pendingPod(PodFixtures.pod("web-3").deployment("web").cpu("1").build());
        var newer = EventFixtures.pendingPod(PodFixtures.pod("web-3").deployment("web").cpu("2").build());
        broker.down = true;
        publisher.publish(older).subscribe().with(done -> { });
        await().atMost(WAIT).until(() -> broker.attempts.get() >= 2);

        publisher.publish(newer).subscribe().with(done -> { });
        await().atMost(WAIT).until(() -> broker.attempts.get() >= 6);
        broker.down = false;

        await().atMost(WAIT).until(() -> !broker.acknowledged.isEmpty());
        await().during(Duration.ofMillis(200)).atMost(WAIT).until(() -> broker.acknowledged.size() == 1);
        assertThat(broker.acknowledged).containsExactly(newer.key() + "=" + newer.pod().resources());
    }

    @Test
    void aTombstoneThatFailsIsRetriedAndAPodIsForgottenOnlyOnceTheTombstoneIsOnTheTopic() {
        PendingPod pod = EventFixtures.pendingPod("web-4");
        publisher.publish(pod).await().atMost(WAIT);
        broker.down = true;

        publisher.tombstone(pod.pod().uid(), "default/web-4", null, false).subscribe().with(done -> { });
        await().atMost(WAIT).until(() -> broker.attempts.get() >= 4);
        assertThat(publisher.isPublished(pod.pod().uid())).isTrue();

        broker.down = false;
        await().atMost(WAIT).until(() -> !publisher.isPublished(pod.pod().uid()));
        assertThat(broker.acknowledged).containsExactly(pod.key() + "=" + pod.pod().resources(), pod.key() + "=tombstone");
    }

    @Test
    void theTopicReaderDoesNotFailARecordWhoseTombstoneCannotBeSentYet() throws InterruptedException {
        PendingPod gone = EventFixtures.pendingPod("web-5");
        var reader = new PendingTopicReader(new PodInformer(null, publisher, null, null, null) {
            @Override
            public boolean awaitSynced(Duration timeout) {
                return true;
            }

            @Override
            public java.util.Optional<Pod> pendingPod(String namespace, String name, String uid) {
                return java.util.Optional.empty();
            }
        }, publisher, (PodWatcherConfig) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {PodWatcherConfig.class}, (proxy, method, args) -> Duration.ofSeconds(1)));
        broker.down = true;

        // the pod is on the topic but no longer pending: its tombstone fails to send, the record must not
        reader.onRecord(new ConsumerRecord<>("kk.pods.pending", 0, 0, gone.key(), EventJson.toBytes(gone)));

        await().atMost(WAIT).until(() -> broker.attempts.get() >= 3);
        broker.down = false;
        await().atMost(WAIT).until(() -> broker.acknowledged.contains(gone.key() + "=tombstone"));
    }
}
