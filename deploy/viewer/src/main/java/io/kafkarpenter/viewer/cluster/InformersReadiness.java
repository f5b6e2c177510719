package io.kafkarpenter.viewer.cluster;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the informers have listed the cluster (the Kafka channel has its own check). */
@Readiness
@ApplicationScoped
public class InformersReadiness implements HealthCheck {

    @Inject
    ClusterInformers informers;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("cluster-informers").status(informers.synced()).build();
    }
}
