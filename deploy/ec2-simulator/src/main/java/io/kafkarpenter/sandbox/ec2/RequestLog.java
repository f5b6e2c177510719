package io.kafkarpenter.sandbox.ec2;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/** The last 10 000 calls answered (EC2, EKS and IAM alike, by action / operation name), and a listener for each. */
final class RequestLog {
    private static final int MAX_RECORDED_REQUESTS = 10_000;

    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    private volatile Consumer<RecordedRequest> listener = r -> { };

    void record(RecordedRequest r) {
        listener.accept(r);
        synchronized (requests) {
            requests.addLast(r);
            if (requests.size() > MAX_RECORDED_REQUESTS) {
                requests.removeFirst();
            }
        }
    }

    List<RecordedRequest> all() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    void clear() {
        synchronized (requests) {
            requests.clear();
        }
    }

    void onRequest(Consumer<RecordedRequest> listener) {
        this.listener = listener == null ? r -> { } : listener;
    }
}
