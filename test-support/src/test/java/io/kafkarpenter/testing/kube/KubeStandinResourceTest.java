package io.kafkarpenter.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** What a service under test gets from the resource: the stand-in's URL and its own ServiceAccount, RBAC enforced. */
class KubeStandinResourceTest {

    private final KubeStandinResource resource = new KubeStandinResource();

    @AfterEach
    void stop() {
        resource.stop();
    }

    private static KubernetesClient serviceClient(Map<String, String> config) {
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder()
            .withMasterUrl(config.get("quarkus.kubernetes-client.api-server-url"))
            .withNamespace(config.get("quarkus.kubernetes-client.namespace"))
            .withOauthToken(config.get("quarkus.kubernetes-client.token"))
            .withRequestRetryBackoffLimit(0).build()).build();
    }

    @Test
    void theServiceMayDoWhatItsChartRolesAllowAndIsRefusedTheRestWhileTheTestIsAdmin() {
        resource.init(Map.of(KubeStandinResource.SERVICE_ARG, "pod-watcher"));
        Map<String, String> config = resource.start();
        assertThat(config).containsEntry("quarkus.kubernetes-client.namespace", "kube-system")
            .containsEntry("quarkus.kubernetes-client.token", "kk-sa:kube-system:kafkarpenter-pod-watcher");

        try (KubernetesClient podWatcher = serviceClient(config)) {
            assertThat(podWatcher.pods().inAnyNamespace().list().getItems()).isEmpty();
            assertThatThrownBy(() -> podWatcher.nodes().list())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
                .hasMessageContaining("User \"system:serviceaccount:kube-system:kafkarpenter-pod-watcher\" cannot list "
                    + "resource \"nodes\"");
        }
        KubeStandinTestFields fields = new KubeStandinTestFields();
        resource.inject(injector(fields));
        fields.admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("n").endMetadata().build()).create();
        assertThat(fields.admin.nodes().list().getItems()).hasSize(1);
        assertThat(fields.standin.enforcesRbac()).isTrue();
    }

    @Test
    void theServiceMustBeOneOfTheFive() {
        assertThatThrownBy(() -> resource.init(Map.of(KubeStandinResource.SERVICE_ARG, "kubelet")))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("launcher");
        assertThatThrownBy(resource::start).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("@WithKubeStandin(service = ...)");
    }

    /** Fields as a test class declares them. */
    static final class KubeStandinTestFields {
        @KubeAdmin
        KubernetesClient admin;
        @KubeAdmin
        io.kafkarpenter.sandbox.kube.KubeStandin standin;
    }

    /** Quarkus' injector, as it fills a test instance's fields. */
    private static io.quarkus.test.common.QuarkusTestResourceLifecycleManager.TestInjector injector(Object instance) {
        return (value, predicate) -> {
            for (var field : instance.getClass().getDeclaredFields()) {
                if (predicate.test(field)) {
                    try {
                        field.setAccessible(true);
                        field.set(instance, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        };
    }
}
