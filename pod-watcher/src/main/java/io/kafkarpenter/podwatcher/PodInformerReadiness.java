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
        return HealthCheckResponse.named("pod informer synced").status(informer.hasSynced()).build();
    }
}
