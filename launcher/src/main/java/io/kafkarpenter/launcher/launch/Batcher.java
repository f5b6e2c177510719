package io.kafkarpenter.launcher.launch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Karpenter's batcher (karpenter-aws §1.4), for callers that block: requests are bucketed by a key; a bucket's window
 * opens with its first request and closes {@code idle} after the last one, at {@code max} after the first, or when it
 * holds {@code maxItems}; then the bucket is executed once for all its requests and each caller gets its own output.
 * No thread of its own: the caller that opened a bucket waits out the window and runs the execution, the others wait
 * for their output. (No I/O here; the execution is the caller's.)
 *
 * @param <I> a request
 * @param <O> a request's output
 */
public final class Batcher<I, O> {

    /** Runs one bucket: one output per request, in the requests' order; throwing fails every request of the bucket. */
    @FunctionalInterface
    public interface Execution<I, O> {
        List<O> execute(List<I> requests);
    }

    /** When a window closes (Karpenter's CreateFleet batcher: 35 ms idle, 1 s max, 1000 items). */
    public record Window(Duration idle, Duration max, int maxItems) {
        public Window {
            if (maxItems < 1) {
                throw new IllegalArgumentException("maxItems must be at least 1");
            }
        }
    }

    /** Told about every executed bucket: its size and how long its window was open. */
    @FunctionalInterface
    public interface Observer {
        void executed(int size, Duration window);
    }

    private final Window window;
    private final Execution<I, O> execution;
    private final Observer observer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Object, Bucket> open = new HashMap<>();

    public Batcher(Window window, Execution<I, O> execution, Observer observer) {
        this.window = window;
        this.execution = execution;
        this.observer = observer;
    }

    /** Adds {@code request} to the bucket of {@code key} and returns its output once the bucket was executed. */
    public O submit(Object key, I request) {
        CompletableFuture<O> output = new CompletableFuture<>();
        Bucket bucket;
        boolean opener;
        lock.lock();
        try {
            bucket = open.get(key);
            opener = bucket == null;
            if (opener) {
                bucket = new Bucket(key, System.nanoTime());
                open.put(key, bucket);
            }
            bucket.add(request, output);
            if (bucket.requests.size() >= window.maxItems()) {
                bucket.close();
            }
            if (opener) {
                bucket.awaitClose();
            }
        } finally {
            lock.unlock();
        }
        if (opener) {
            bucket.execute();
        }
        return await(output);
    }

    private O await(CompletableFuture<O> output) {
        try {
            return output.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** One open window; guarded by {@link #lock} until closed. */
    private final class Bucket {
        private final Object key;
        private final long openedAt;
        private long lastAddedAt;
        private boolean closed;
        private final List<I> requests = new ArrayList<>();
        private final List<CompletableFuture<O>> outputs = new ArrayList<>();
        private final Condition full = lock.newCondition();

        Bucket(Object key, long now) {
            this.key = key;
            this.openedAt = now;
        }

        void add(I request, CompletableFuture<O> output) {
            requests.add(request);
            outputs.add(output);
            lastAddedAt = System.nanoTime();
        }

        void close() {
            if (!closed) {
                closed = true;
                open.remove(key, this);
                full.signalAll();
            }
        }

        /** The opener waits until the window closes: idle since the last request, max since the first, or full. */
        void awaitClose() {
            while (!closed) {
                long deadline = Math.min(openedAt + window.max().toNanos(), lastAddedAt + window.idle().toNanos());
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    close();
                    return;
                }
                try {
                    full.awaitNanos(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    return;
                }
            }
        }

        void execute() {
            observer.executed(requests.size(), Duration.ofNanos(System.nanoTime() - openedAt));
            try {
                List<O> results = execution.execute(List.copyOf(requests));
                if (results.size() != requests.size()) {
                    throw new IllegalStateException("a batch of " + requests.size() + " got " + results.size() + " outputs");
                }
                for (int i = 0; i < results.size(); i++) {
                    outputs.get(i).complete(results.get(i));
                }
            } catch (RuntimeException | Error e) {
                outputs.forEach(o -> o.completeExceptionally(e));
            }
        }
    }
}
