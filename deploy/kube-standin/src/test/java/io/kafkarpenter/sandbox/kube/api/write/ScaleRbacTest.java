package io.kafkarpenter.sandbox.kube.api.write;

import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.sandbox.kube.KubeStandin;
import io.kafkarpenter.sandbox.kube.rbac.RbacPolicy;
import io.kafkarpenter.sandbox.kube.rbac.StandinTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RBAC sees the write extensions' requests as the API server does: {@code patch deployments/scale} is not {@code patch deployments}. */
class ScaleRbacTest {

    static final String SCALER = "scaler";
    static KubeStandin standin;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        RbacPolicy policy = RbacPolicy.from(List.of(
                new ClusterRoleBuilder().withNewMetadata().withName(SCALER).endMetadata().addNewRule()
                        .withApiGroups("apps").withResources("deployments/scale").withVerbs("get", "patch").endRule().build(),
                new ClusterRoleBindingBuilder().withNewMetadata().withName(SCALER).endMetadata()
                        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(SCALER)
                        .endRoleRef().addNewSubject().withKind("ServiceAccount").withNamespace("default").withName(SCALER)
                        .endSubject().build()));
        standin = KubeStandin.start(0, null, policy);
        try (KubernetesClient admin = standin.client()) {
            admin.apps().deployments().inNamespace("default").resource(ApiWritesTest.inflate()).create();
        }
    }

    @AfterAll
    static void stop() {
        standin.close();
    }

    static HttpResponse<String> patch(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(standin.url() + path))
                .header("Authorization", "Bearer " + StandinTokens.serviceAccount("default", SCALER))
                .header("Content-Type", "application/merge-patch+json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"spec\":{\"replicas\":3}}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theScaleSubresourceIsAuthorizedApartFromTheDeployment() throws Exception {
        HttpResponse<String> scaled = patch(ApiWritesTest.DEPLOYMENTS + "/inflate/scale");
        HttpResponse<String> patched = patch(ApiWritesTest.DEPLOYMENTS + "/inflate");

        assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(200);
        assertThat(patched.statusCode()).isEqualTo(403);
        assertThat(Store.parse(patched.body()).path("message").asText()).isEqualTo("deployments.apps \"inflate\" is forbidden:"
                + " User \"system:serviceaccount:default:scaler\" cannot patch resource \"deployments\" in API group \"apps\""
                + " in the namespace \"default\"");
        try (KubernetesClient admin = standin.client()) {
            assertThat(admin.apps().deployments().inNamespace("default").withName("inflate").get().getSpec().getReplicas())
                    .isEqualTo(3);
        }
    }
}
