package io.kafkarpenter.launcher;

import java.nio.file.Path;
import java.util.Map;

import io.kafkarpenter.sandbox.kube.KubeStandin;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The Kubernetes stand-in of the sandbox (fabric8's mock in CRUD mode plus what it lacks: the eviction subresource
 * with PodDisruptionBudgets, bindings, field selectors) with Karpenter's CRDs installed, for tests that drain real
 * pods. The launcher's client points at it.
 */
public class KubeStandinTestResource implements QuarkusTestResourceLifecycleManager {

    private KubeStandin standin;

    @Override
    public Map<String, String> start() {
        standin = KubeStandin.start(0, Path.of("..", "deploy", "crds"));
        return Map.of("quarkus.kubernetes-client.api-server-url", standin.url(),
            "quarkus.kubernetes-client.namespace", "default",
            "quarkus.kubernetes-client.trust-certs", "true");
    }

    @Override
    public void stop() {
        if (standin != null) {
            standin.close();
        }
    }
}
