package io.kafkarpenter.model.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.kafkarpenter.model.crd.validation.EC2NodeClassValidator;
import io.kafkarpenter.model.crd.validation.NodePoolValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The workshop's NodePool + EC2NodeClass manifest, as users apply it, read into typed objects field by field. */
class WorkshopManifestTest {
    private static final String CLUSTER_NAME = "kk-workshop";
    private static KarpenterManifests manifests;

    @BeforeAll
    static void readManifest() throws IOException {
        String yaml;
        try (InputStream in = WorkshopManifestTest.class.getResourceAsStream("/workshop/nodepool-default.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(yaml).contains("${CLUSTER_NAME}");
        manifests = KarpenterManifests.read(yaml.replace("${CLUSTER_NAME}", CLUSTER_NAME));
    }

    @Test
    void readsOneNodePoolAndOneEc2NodeClassInDocumentOrder() {
        assertThat(manifests.all()).hasSize(2);
        assertThat(manifests.all().get(0)).isInstanceOf(NodePool.class);
        assertThat(manifests.all().get(1)).isInstanceOf(EC2NodeClass.class);
        assertThat(manifests.nodeClaims()).isEmpty();
    }

    @Test
    void nodePoolHasEveryField() {
        NodePool pool = manifests.nodePool("default").orElseThrow();
        assertThat(pool.getApiVersion()).isEqualTo("karpenter.sh/v1");
        assertThat(pool.getKind()).isEqualTo("NodePool");
        assertThat(pool.getMetadata().getName()).isEqualTo("default");
        assertThat(pool.getMetadata().getNamespace()).isNull();
        assertThat(pool.getStatus()).isNull();

        NodePoolSpec spec = pool.getSpec();
        assertThat(spec.getWeight()).isNull();
        assertThat(spec.getTemplate().getMetadata().getLabels()).containsExactly(Map.entry("eks-team", "my-team"));
        assertThat(spec.getTemplate().getMetadata().getAnnotations()).isNull();

        NodeClaimTemplateSpec template = spec.getTemplate().getSpec();
        assertThat(template.getNodeClassRef()).isEqualTo(new NodeClassReference("karpenter.k8s.aws", "EC2NodeClass", "default"));
        assertThat(template.getExpireAfter()).isEqualTo("Never");
        assertThat(Durations.parseOrNever(template.getExpireAfter())).isEmpty();
        assertThat(template.getTerminationGracePeriod()).isNull();
        assertThat(template.getTaints()).isNull();
        assertThat(template.getStartupTaints()).isNull();
        assertThat(template.getRequirements()).containsExactly(
                new NodeSelectorRequirementWithMinValues("karpenter.k8s.aws/instance-generation", "Gt", List.of("5"), null),
                new NodeSelectorRequirementWithMinValues("karpenter.k8s.aws/instance-category", "In", List.of("c", "m", "r"), null),
                new NodeSelectorRequirementWithMinValues("kubernetes.io/arch", "In", List.of("amd64"), null),
                new NodeSelectorRequirementWithMinValues("karpenter.sh/capacity-type", "In", List.of("on-demand"), null),
                new NodeSelectorRequirementWithMinValues("kubernetes.io/os", "In", List.of("linux"), null));

        Disruption disruption = spec.getDisruption();
        assertThat(disruption.getConsolidationPolicy()).isEqualTo("WhenEmptyOrUnderutilized");
        assertThat(disruption.getConsolidateAfter()).isEqualTo("30s");
        assertThat(Durations.parse(disruption.getConsolidateAfter())).hasSeconds(30);
        assertThat(disruption.getBudgets()).isNull();

        assertThat(spec.getLimits()).containsOnlyKeys("cpu");
        assertThat(spec.getLimits().get("cpu")).isEqualTo(new Quantity("10"));
        assertThat(Quantity.getAmountInBytes(spec.getLimits().get("cpu"))).isEqualByComparingTo("10");
    }

    @Test
    void ec2NodeClassHasEveryField() {
        EC2NodeClass nodeClass = manifests.ec2NodeClass("default").orElseThrow();
        assertThat(nodeClass.getApiVersion()).isEqualTo("karpenter.k8s.aws/v1");
        assertThat(nodeClass.getKind()).isEqualTo("EC2NodeClass");
        assertThat(nodeClass.getMetadata().getName()).isEqualTo("default");
        assertThat(nodeClass.getStatus()).isNull();

        EC2NodeClassSpec spec = nodeClass.getSpec();
        assertThat(spec.getAmiSelectorTerms()).containsExactly(AmiSelectorTerm.ofAlias("al2023@latest"));
        assertThat(AmiAlias.of(spec)).contains(new AmiAlias("al2023", "latest"));
        assertThat(AmiAlias.of(spec).orElseThrow().amiFamily()).isEqualTo("AL2023");
        assertThat(spec.getAmiFamily()).isNull();
        assertThat(spec.getRole()).isEqualTo("karpenterNodeRole-" + CLUSTER_NAME);
        assertThat(spec.getInstanceProfile()).isNull();
        Map<String, String> discovery = Map.of("karpenter.sh/discovery", CLUSTER_NAME);
        assertThat(spec.getSecurityGroupSelectorTerms()).hasSize(1);
        assertThat(spec.getSecurityGroupSelectorTerms().get(0).getTags()).isEqualTo(discovery);
        assertThat(spec.getSecurityGroupSelectorTerms().get(0).getId()).isNull();
        assertThat(spec.getSecurityGroupSelectorTerms().get(0).getName()).isNull();
        assertThat(spec.getSubnetSelectorTerms()).containsExactly(new SubnetSelectorTerm(discovery, null));
        assertThat(spec.getTags()).containsExactly(Map.entry("intent", "apps"));
        assertThat(spec.getCapacityReservationSelectorTerms()).isNull();
        assertThat(spec.getKubelet()).isNull();
        assertThat(spec.getBlockDeviceMappings()).isNull();
        assertThat(spec.getMetadataOptions()).isNull();
        assertThat(spec.getUserData()).isNull();
    }

    @Test
    void karpenterWouldAcceptBoth() {
        assertThat(NodePoolValidator.validate(manifests.nodePool("default").orElseThrow())).isEmpty();
        assertThat(EC2NodeClassValidator.validate(manifests.ec2NodeClass("default").orElseThrow())).isEmpty();
    }
}
