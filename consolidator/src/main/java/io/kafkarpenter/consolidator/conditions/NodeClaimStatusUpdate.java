package io.kafkarpenter.consolidator.conditions;

import java.time.Clock;
import java.time.temporal.ChronoUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkarpenter.model.crd.NodeClaim;
import io.smallrye.faulttolerance.api.ExponentialBackoff;

/**
 * One NodeClaim's consolidator conditions written as a read-modify-write of its status: read live, change in memory,
 * {@code updateStatus} with the object's {@code resourceVersion} (optimistic lock: a concurrent write by the
 * launcher gives 409). A 409, 429, 5xx or no answer (timeout) is retried with exponential backoff (SmallRye Fault
 * Tolerance); anything else is not.
 */
@ApplicationScoped
public class NodeClaimStatusUpdate {

    private static final Logger LOG = Logger.getLogger(NodeClaimStatusUpdate.class);

    /** A transient Kubernetes failure: retried. */
    public static final class TransientException extends RuntimeException {
        TransientException(KubernetesClientException cause) {
            super(cause.getCode() + " " + cause.getMessage(), cause);
        }
    }

    private final KubernetesClient client;
    private final Clock clock = Clock.systemUTC();

    NodeClaimStatusUpdate(KubernetesClient client) {
        this.client = client;
    }

    /** @return false when the NodeClaim is gone, being deleted, or already carries these conditions */
    @Retry(maxRetries = 4, delay = 100, jitter = 50, retryOn = TransientException.class)
    @ExponentialBackoff(factor = 2, maxDelay = 5, maxDelayUnit = ChronoUnit.SECONDS)
    public boolean apply(String name, DesiredConditions want) {
        try {
            NodeClaim live = client.resources(NodeClaim.class).withName(name).get();
            if (live == null || live.getMetadata().getDeletionTimestamp() != null
                || !want.applyTo(live, clock.instant())) {
                return false;
            }
            client.resources(NodeClaim.class).resource(live).updateStatus();
            LOG.debugf("NodeClaim %s: Consolidatable=%s, Drifted=%s", name, want.consolidatable(), want.driftReason());
            return true;
        } catch (KubernetesClientException e) {
            if (transientError(e)) {
                throw new TransientException(e);
            }
            throw e;
        }
    }

    /** 409 conflict, 429 throttling, 5xx, or no HTTP answer at all (timeouts, connection errors). */
    static boolean transientError(KubernetesClientException e) {
        int code = e.getCode();
        return code == 0 || code == 409 || code == 429 || code >= 500;
    }
}
