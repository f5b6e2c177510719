package io.kafkarpenter.sandbox.kube.api.front;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import io.kafkarpenter.sandbox.kube.rbac.StandinTokens;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class KubectlFrontTest {

    @Test
    void streamsAWatchOverPlainHttpAndStillServesWebsocketWatchesAndCrud() throws Exception {
        try (KubeStandin standin = KubeStandin.start(0, null);
             KubernetesClient front = new KubernetesClientBuilder()
                     .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(standin.config(StandinTokens.ADMIN))
                             .withMasterUrl(standin.kubectlUrl()).build()).build()) {
            assertThat(standin.kubectlUrl()).isNotEqualTo(standin.url());
            front.pods().inNamespace("default").resource(pod("a")).create();
            assertThat(front.pods().inNamespace("default").list().getItems()).hasSize(1);

            List<String> websocketEvents = new CopyOnWriteArrayList<>();
            try (Watch ignored = front.pods().inNamespace("default").watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    websocketEvents.add(action + " " + pod.getMetadata().getName());
                }

                @Override
                public void onClose(WatcherException cause) {
                }
            })) {
                HttpResponse<java.io.InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                                URI.create(standin.kubectlUrl() + "/api/v1/namespaces/default/pods?watch=true"))
                        .header("Authorization", "Bearer " + StandinTokens.ADMIN).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(stream.statusCode()).isEqualTo(200);
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(),
                        StandardCharsets.UTF_8))) {
                    assertThat(lines.readLine()).contains("\"type\":\"ADDED\"").contains("\"name\":\"a\"");
                    standin.client().pods().inNamespace("default").resource(pod("b")).create();
                    assertThat(lines.readLine()).contains("\"type\":\"ADDED\"").contains("\"name\":\"b\"");
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> websocketEvents.contains("ADDED b"));
            }
        }
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("pause").endContainer().endSpec().build();
    }
}
