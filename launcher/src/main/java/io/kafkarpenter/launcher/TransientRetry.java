package io.kafkarpenter.launcher;

import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkarpenter.model.events.InvalidEventException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * Runs the handling of one consumed record, retrying every failure except an invalid record in place with
 * exponential backoff (200 ms doubling to 30 s, with jitter, for as long as it takes): a Kubernetes 5xx, 409, 429 or
 * timeout, an EC2 throttle or 5xx the SDK's own retries did not absorb. The record is not acknowledged meanwhile, so
 * it keeps its place and its offset is not committed; only {@link InvalidEventException} (and records that cannot
 * be read at all, which fail before this) reach the dead-letter topic. Every step of a handler is idempotent, so a
 * retry after a partial effect is safe. A record retried for longer than the channel's
 * {@code throttled.unprocessed-record-max-age.ms} (10 min) turns the channel's health DOWN.
 */
@ApplicationScoped
public class TransientRetry {

    private static final Logger LOG = Logger.getLogger(TransientRetry.class);

    private final LauncherMetrics metrics;

    TransientRetry(LauncherMetrics metrics) {
        this.metrics = metrics;
    }

    @Retry(maxRetries = -1, delay = 200, jitter = 100, maxDuration = 0, abortOn = InvalidEventException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 30, maxDelayUnit = ChronoUnit.SECONDS)
    public void run(String what, Runnable work) {
        try {
            work.run();
        } catch (InvalidEventException e) {
            throw e;
        } catch (RuntimeException e) {
            String detail = e instanceof KubernetesClientException k ? "Kubernetes API " + k.getCode() + ": " + k.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
            LOG.warnf("%s failed (%s); retrying with backoff, the record keeps its place", what, detail);
            metrics.transientFailure(e instanceof KubernetesClientException ? "kubernetes" : "other");
            throw e;
        }
    }
}
