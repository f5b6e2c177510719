package io.kafkarpenter.sandbox.kube;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KubeStandinTest {

    @Test
    void servesPodsInCrudMode() {
        try (KubeStandin standin = KubeStandin.start(0, null); KubernetesClient client = standin.client()) {
            client.pods().resource(new PodBuilder()
                    .withNewMetadata().withName("web-0").withNamespace("default").endMetadata()
                    .withNewSpec().addNewContainer().withName("app").withImage("pause").endContainer().endSpec()
                    .build()).create();

            assertThat(client.pods().inNamespace("default").list().getItems())
                    .extracting(p -> p.getMetadata().getName())
                    .containsExactly("web-0");
            assertThat(standin.url()).startsWith("http://127.0.0.1:");
        }
    }

    @Test
    void writesAKubeconfigThatReachesIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        try (KubeStandin standin = KubeStandin.start(0, null)) {
            java.nio.file.Path file = dir.resolve("kube/kubeconfig");
            standin.writeKubeconfig(file);

            var config = io.fabric8.kubernetes.client.Config.fromKubeconfig(null, file.toFile());
            assertThat(config.getMasterUrl()).as("the port that streams watches for kubectl").startsWith(standin.kubectlUrl());
            assertThat(config.getAutoOAuthToken()).as("the token fabric8 sends").isEqualTo("kk-admin");
            assertThat(config.getCurrentContext().getName()).isEqualTo(KubeStandin.KUBECONFIG_CONTEXT);
        }
    }
}
