package io.kafkarpenter.launcher.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatcherTest {

    private final ExecutorService callers = Executors.newFixedThreadPool(16);
    private final List<List<String>> executed = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> observedSizes = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        callers.shutdownNow();
    }

    private Batcher<String, String> batcher(Duration idle, Duration max, int maxItems) {
        return new Batcher<>(new Batcher.Window(idle, max, maxItems), requests -> {
            executed.add(requests);
            return requests.stream().map(r -> "out-" + r).toList();
        }, (size, window) -> observedSizes.add(size));
    }

    /** Submits each request from its own thread, all released at once. */
    private List<String> submitTogether(Batcher<String, String> batcher, List<String> keys, List<String> requests)
        throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outputs = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            String key = keys.get(i);
            String request = requests.get(i);
            outputs.add(callers.submit(() -> {
                start.await();
                return batcher.submit(key, request);
            }));
        }
        start.countDown();
        List<String> out = new ArrayList<>();
        for (Future<String> f : outputs) {
            out.add(f.get());
        }
        return out;
    }

    @Test
    void requestsWithTheSameKeyWithinTheWindowAreExecutedOnceAndEachCallerGetsItsOwnOutput() throws Exception {
        Batcher<String, String> batcher = batcher(Duration.ofMillis(200), Duration.ofSeconds(2), 1000);
        List<String> out = submitTogether(batcher, List.of("k", "k", "k", "k"), List.of("a", "b", "c", "d"));

        assertThat(out).containsExactly("out-a", "out-b", "out-c", "out-d");
        assertThat(executed).hasSize(1);
        assertThat(executed.get(0)).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(observedSizes).containsExactly(4);
    }

    @Test
    void differentKeysAreDifferentBatches() throws Exception {
        Batcher<String, String> batcher = batcher(Duration.ofMillis(200), Duration.ofSeconds(2), 1000);
        List<String> out = submitTogether(batcher, List.of("x", "y", "x", "y"), List.of("a", "b", "c", "d"));

        assertThat(out).containsExactly("out-a", "out-b", "out-c", "out-d");
        assertThat(executed).hasSize(2);
        assertThat(executed).anySatisfy(b -> assertThat(b).containsExactlyInAnyOrder("a", "c"));
        assertThat(executed).anySatisfy(b -> assertThat(b).containsExactlyInAnyOrder("b", "d"));
    }

    @Test
    void aWindowClosesAfterTheIdleTimeWithoutANewRequest() throws Exception {
        Batcher<String, String> batcher = batcher(Duration.ofMillis(20), Duration.ofSeconds(5), 1000);
        long start = System.nanoTime();
        assertThat(batcher.submit("k", "a")).isEqualTo("out-a");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(20), Duration.ofSeconds(2));
        Thread.sleep(60); // longer than idle: the next request opens a new window
        assertThat(batcher.submit("k", "b")).isEqualTo("out-b");
        assertThat(executed).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void aSteadyStreamIsCutAtTheMaxWindow() throws Exception {
        Batcher<String, String> batcher = batcher(Duration.ofMillis(150), Duration.ofMillis(300), 1000);
        List<Future<String>> outputs = new ArrayList<>();
        long start = System.nanoTime();
        // a request every 50 ms (well within idle) for ~1 s: only the max window can close the batches
        for (int i = 0; i < 20; i++) {
            String request = "r" + i;
            outputs.add(callers.submit(() -> batcher.submit("k", request)));
            Thread.sleep(50);
        }
        for (Future<String> f : outputs) {
            f.get();
        }
        long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertThat(executed.size()).isGreaterThanOrEqualTo(3);
        assertThat(executed.stream().mapToInt(List::size).sum()).isEqualTo(20);
        // no batch held more than max / interval + 1 requests
        assertThat(executed).allSatisfy(b -> assertThat(b.size()).isLessThanOrEqualTo(8));
        assertThat(elapsedMillis).isLessThan(5000);
    }

    @Test
    void aFullWindowIsExecutedAtOnceAndTheNextRequestsOpenAnother() throws Exception {
        Batcher<String, String> batcher = batcher(Duration.ofSeconds(5), Duration.ofSeconds(10), 3);
        long start = System.nanoTime();
        List<String> out = submitTogether(batcher, List.of("k", "k", "k", "k", "k", "k"),
            List.of("a", "b", "c", "d", "e", "f"));

        assertThat(out).containsExactly("out-a", "out-b", "out-c", "out-d", "out-e", "out-f");
        assertThat(executed).hasSize(2).allSatisfy(b -> assertThat(b).hasSize(3));
        // full windows did not wait for the 5 s idle time
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void anExecutionThatThrowsFailsEveryCallerOfItsBatch() throws Exception {
        Batcher<String, String> batcher = new Batcher<>(new Batcher.Window(Duration.ofMillis(100), Duration.ofSeconds(1), 10),
            requests -> {
                throw new IllegalStateException("RequestLimitExceeded");
            }, (size, window) -> { });
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outputs = new ArrayList<>();
        for (String r : List.of("a", "b")) {
            outputs.add(callers.submit(() -> {
                start.await();
                return batcher.submit("k", r);
            }));
        }
        start.countDown();
        for (Future<String> f : outputs) {
            assertThatThrownBy(f::get).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RequestLimitExceeded");
        }
        assertThatThrownBy(() -> batcher.submit("k", "c")).isInstanceOf(IllegalStateException.class);
    }
}
