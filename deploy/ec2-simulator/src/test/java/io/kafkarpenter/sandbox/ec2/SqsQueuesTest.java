package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Queue semantics on a hand-moved clock: order, batch size, visibility and redelivery, delete by receipt handle. */
class SqsQueuesTest {
    private final MutableClock clock = MutableClock.startingAt("2026-12-07T10:00:00Z");
    private final SqsQueues queues = new SqsQueues(clock, List.of("q"));

    private List<SqsQueues.Delivery> receive(int max, int visibilitySeconds) throws InterruptedException {
        return queues.receive("q", max, Duration.ofSeconds(visibilitySeconds), Duration.ZERO);
    }

    @Test
    void oldestFirstAtMostMaxAndEachWithItsMd5() throws Exception {
        for (String body : List.of("a", "b", "c")) {
            queues.send("q", body, Duration.ZERO);
        }
        List<SqsQueues.Delivery> first = receive(2, 30);
        assertThat(first).extracting(SqsQueues.Delivery::body).containsExactly("a", "b");
        assertThat(first.get(0).md5OfBody()).isEqualTo("0cc175b9c0f1b6a831c399e269772661");
        assertThat(receive(10, 30)).extracting(SqsQueues.Delivery::body).containsExactly("c");
        assertThat(receive(10, 30)).isEmpty();
    }

    @Test
    void aReceivedMessageComesBackAfterItsVisibilityTimeoutUntilDeleted() throws Exception {
        queues.send("q", "m", Duration.ZERO);
        SqsQueues.Delivery first = receive(1, 20).get(0);
        clock.advance(Duration.ofSeconds(20));
        SqsQueues.Delivery second = receive(1, 20).get(0);
        assertThat(second.messageId()).isEqualTo(first.messageId());
        assertThat(second.receiveCount()).isEqualTo(2);
        assertThat(second.firstReceivedAt()).isEqualTo(first.firstReceivedAt());

        assertThat(queues.delete("q", first.receiptHandle())).isTrue();
        assertThat(queues.bodies("q")).isEmpty();
        assertThat(queues.deleted("q")).singleElement().satisfies(d -> {
            assertThat(d.messageId()).isEqualTo(first.messageId());
            assertThat(d.receiveCount()).isEqualTo(2);
            assertThat(d.deletedAt()).isEqualTo(clock.instant());
        });
        assertThat(queues.delete("q", second.receiptHandle())).isTrue();
        assertThat(queues.delete("q", "not-a-handle")).isFalse();
    }

    @Test
    void aDelayedMessageIsInvisibleUntilItsDelayAndALongPollEndsEmptyAfterItsWait() throws Exception {
        queues.send("q", "later", Duration.ofSeconds(5));
        long start = System.nanoTime();
        assertThat(queues.receive("q", 1, Duration.ofSeconds(30), Duration.ofMillis(200))).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(190));
        clock.advance(Duration.ofSeconds(5));
        assertThat(receive(1, 30)).extracting(SqsQueues.Delivery::body).containsExactly("later");
    }

    @Test
    void theNewestDeletedMessagesAreRemembered() throws Exception {
        for (int i = 0; i < SqsQueues.DELETED_KEPT + 5; i++) {
            queues.send("q", "m" + i, Duration.ZERO);
            SqsQueues.Delivery d = receive(1, 30).get(0);
            queues.delete("q", d.receiptHandle());
        }
        assertThat(queues.deleted("q")).hasSize(SqsQueues.DELETED_KEPT).first()
                .satisfies(d -> assertThat(d.body()).isEqualTo("m5"));
    }
}
