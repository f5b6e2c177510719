package io.kafkarpenter.podwatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.events.fixtures.EventFixtures;
import io.kafkarpenter.model.pods.fixtures.PodFixtures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Delivery of pending-pod records and tombstones (DESIGN.md "Delivery"): a send the broker did not acknowledge is
 * retried with backoff until it is, it is not recorded as published before, and a newer state of the pod supersedes it.
 */
class PendingPodPublisherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Broker broker = new Broker();
    private final PendingPodPublisher publisher = new PendingPodPublisher(broker.emitter(), new WorkloadPartitions(null) {
        @Override
        public Integer partitionOf(String workloadKey) {
            return 0;
        }
    }, Duration.ofMillis(5), Duration.ofMillis(40), new SimpleMeterRegistry());

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

    /** A broker behind the emitter: fails sends while down (or for the next n sends), acknowledges them otherwise. */
    private static final class Broker {
        final AtomicInteger attempts = new AtomicInteger();
        final List<String> acknowledged = new CopyOnWriteArrayList<>();
        final AtomicInteger failuresLeft = new AtomicInteger();
        volatile boolean down;

        void failNext(int n) {
            failuresLeft.set(n);
        }

        @SuppressWarnings("unchecked")
        MutinyEmitter<byte[]> emitter() {
            return (MutinyEmitter<byte[]>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {MutinyEmitter.class}, (proxy, method, args) -> {
                    if (!method.getName().equals("sendMessage")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return Uni.createFrom().deferred(() -> send((Message<byte[]>) args[0]));
                });
        }

        private Uni<Void> send(Message<byte[]> message) {
            attempts.incrementAndGet();
            if (down || failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return Uni.createFrom().failure(new org.apache.kafka.common.errors.TimeoutException(
                    "Expiring 1 record(s) for kk.pods.pending-0: 120000 ms has passed since batch creation"));
            }
            String key = message.getMetadata(OutgoingKafkaRecordMetadata.class).map(m -> String.valueOf(m.getKey()))
                .orElseThrow();
            acknowledged.add(key + "=" + (message.getPayload() == null ? "tombstone"
                : EventJson.read(message.getPayload(), PendingPod.class).pod().resources()));
            return Uni.createFrom().voidItem();
        }
    }
}
