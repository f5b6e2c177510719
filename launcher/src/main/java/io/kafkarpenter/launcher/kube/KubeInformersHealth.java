package io.kafkarpenter.launcher.kube;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once the NodePool, EC2NodeClass, NodeClaim and Node informers have synced. */
@Readiness
@ApplicationScoped
public class KubeInformersHealth implements HealthCheck {

    private final KubeState kube;

    KubeInformersHealth(KubeState kube) {
        this.kube = kube;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("kubernetes informers synced").status(kube.synced()).build();
    }
}
