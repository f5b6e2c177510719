package io.kafkarpenter.podwatcher;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the pod informer has listed every pod: before that, "not pending" cannot be told from "not seen". */
@Readiness
@ApplicationScoped
public class PodInformerReadiness implements HealthCheck {

    private final PodInformer informer;

    PodInformerReadiness(PodInformer informer) {
        this.informer = informer;
    }

    @Override
    public HealthCheckResponse call() {
        if (!informer.isStarted()) {
            // a standby replica (another one holds the Lease) is ready to take over
            return HealthCheckResponse.named("pod informer synced").up().withData("role", "standby").build();
        }
        return HealthCheckResponse.named("pod informer synced").status(informer.hasSynced())
            .withData("role", "active").build();
    }
}
