package io.kafkarpenter.launcher.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.kafkarpenter.launcher.eks.ClusterBootstrap;
import software.amazon.awssdk.services.eks.model.Cluster;

/** The nodeadm NodeConfig a launched node boots with: the four cluster fields nodeadm requires, Taint objects. */
class UserDataTest {

    private static final Cluster EKS = Cluster.builder().name("demo")
        .endpoint("https://ABC.gr7.us-west-2.eks.amazonaws.com")
        .certificateAuthority(c -> c.data("LS0tLS1CRUdJTi=="))
        .kubernetesNetworkConfig(n -> n.serviceIpv4Cidr("172.20.0.0/16").ipFamily("ipv4")).build();

    @Test
    void theNodeConfigCarriesWhatNodeadmRequiresAndTaintsAsObjects() throws Exception {
        String userData = LaunchTemplates.userData(ClusterBootstrap.of(EKS, Optional.empty()),
            Map.of("karpenter.sh/nodepool", "default", "kubernetes.io/arch", "amd64"),
            List.of("dedicated=gpu:NoSchedule", "karpenter.sh/unregistered:NoExecute"));

        String part = userData.substring(userData.indexOf("apiVersion:"), userData.indexOf("--//--"));
        JsonNode spec = new ObjectMapper(new YAMLFactory()).readTree(part).path("spec");
        assertThat(spec.at("/cluster/name").asText()).isEqualTo("demo");
        assertThat(spec.at("/cluster/apiServerEndpoint").asText()).isEqualTo("https://ABC.gr7.us-west-2.eks.amazonaws.com");
        assertThat(spec.at("/cluster/certificateAuthority").asText()).isEqualTo("LS0tLS1CRUdJTi==");
        assertThat(spec.at("/cluster/cidr").asText()).isEqualTo("172.20.0.0/16");
        JsonNode taints = spec.at("/kubelet/config/registerWithTaints");
        assertThat(taints.get(0).path("key").asText()).isEqualTo("dedicated");
        assertThat(taints.get(0).path("value").asText()).isEqualTo("gpu");
        assertThat(taints.get(0).path("effect").asText()).isEqualTo("NoSchedule");
        assertThat(taints.get(1).path("key").asText()).isEqualTo("karpenter.sh/unregistered");
        assertThat(taints.get(1).has("value")).isFalse();
        assertThat(spec.at("/kubelet/flags/0").asText()).isEqualTo("--node-labels=karpenter.sh/nodepool=default");
    }

    @Test
    void aConfiguredEndpointReplacesTheOneEksAnswers() {
        assertThat(ClusterBootstrap.of(EKS, Optional.of(URI.create("https://api.internal:443"))).apiServerEndpoint())
            .isEqualTo("https://api.internal:443");
    }

    @Test
    void aClusterWithoutServiceCidrCannotBootstrapNodes() {
        Cluster creating = EKS.toBuilder().kubernetesNetworkConfig(n -> n.ipFamily("ipv4")).build();
        assertThatThrownBy(() -> ClusterBootstrap.of(creating, Optional.empty()))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("serviceIpv4Cidr");
    }
}
