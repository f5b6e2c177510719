package io.kafkarpenter.service.kube;

import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The optimistic-concurrency write every service uses for objects another writer may change meanwhile: read the live
 * object, let {@code change} modify it in memory (false = nothing to change), write it with its
 * {@code resourceVersion}; a 409 conflict reads again, up to {@code attempts} times. A 404 (the object is gone) is
 * an empty answer, not an error.
 */
public final class ReadModifyWrite {

    private ReadModifyWrite() {
    }

    /**
     * @return the written object, the live one when nothing had to change, empty when the object does not exist
     * @throws KubernetesClientException anything but a 404, and a 409 after the last attempt
     */
    public static <T extends HasMetadata> Optional<T> apply(Supplier<T> read, Predicate<T> change,
                                                            UnaryOperator<T> write, int attempts) {
        for (int attempt = 1; ; attempt++) {
            T live = read.get();
            if (live == null) {
                return Optional.empty();
            }
            if (!change.test(live)) {
                return Optional.of(live);
            }
            try {
                return Optional.ofNullable(write.apply(live));
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return Optional.empty();
                }
                if (e.getCode() != 409 || attempt >= attempts) {
                    throw e;
                }
            }
        }
    }
}
