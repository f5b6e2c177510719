package io.kafkarpenter.podwatcher;

import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.microprofile.reactive.messaging.Message;

import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.PendingPod;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** A broker behind an emitter: fails sends while down (or for the next n sends), acknowledges them otherwise. */
final class FlakyBroker {
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
        acknowledged.add(key + "=" + summary(message.getPayload()));
        return Uni.createFrom().voidItem();
    }

    /** A tombstone, a pending pod's resources, or "DecisionRecord". */
    private static String summary(byte[] payload) {
        if (payload == null) {
            return "tombstone";
        }
        return new String(payload, StandardCharsets.UTF_8).contains("\"podOutcomes\"")
            ? DecisionRecord.class.getSimpleName()
            : String.valueOf(EventJson.read(payload, PendingPod.class).pod().resources());
    }
}
