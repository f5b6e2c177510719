package io.kafkarpenter.launcher.launch;

import java.util.List;
import java.util.function.Consumer;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Blocking work on many items at once, at most {@code concurrency} at a time, on Mutiny's worker pool (Quarkus'). */
final class Parallel {

    private Parallel() {
    }

    /** Runs {@code work} for every item and returns when all are done; the first failure is rethrown. */
    static <T> void forEach(List<T> items, int concurrency, Consumer<T> work) {
        if (items.size() == 1) {
            work.accept(items.get(0));
            return;
        }
        Multi.createFrom().iterable(items)
            .onItem().transformToUni(item -> Uni.createFrom().item(() -> {
                work.accept(item);
                return item;
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
            .merge(concurrency)
            .collect().asList()
            .await().indefinitely();
    }
}
