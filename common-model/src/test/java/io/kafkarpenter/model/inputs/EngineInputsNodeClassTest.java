package io.kafkarpenter.model.inputs;

import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogInstanceTypes;

import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.pods.FieldException;
import io.kafkarpenter.model.requirements.Labels;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineInputsNodeClassTest {

    private static final String NODE_CLASS = """
            apiVersion: karpenter.k8s.aws/v1
            kind: EC2NodeClass
            metadata: {name: dense}
            spec:
              role: r
              amiSelectorTerms: [{alias: al2023@latest}]
              subnetSelectorTerms: [{tags: {k: v}}]
              securityGroupSelectorTerms: [{tags: {k: v}}]
              kubelet: {maxPods: 20, kubeReserved: {cpu: 100m}}
              blockDeviceMappings:
              - deviceName: /dev/xvda
                rootVolume: true
                ebs: {volumeSize: 100Gi, volumeType: gp3}
            """;

    private static final String NODE_POOL = """
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata: {name: team-a}
            spec:
              weight: 10
              limits: {cpu: "100", memory: 400Gi}
              template:
                metadata: {labels: {team: a}}
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: dense}
                  taints: [{key: team, value: a, effect: NoSchedule}]
                  requirements:
                  - {key: karpenter.k8s.aws/instance-family, operator: In, values: [m5], minValues: 1}
            """;

    @Test
    void nodeClassKubeletAndRootVolumeShapeAllocatable() {
        EC2NodeClass nodeClass = KarpenterManifests.readOne(NODE_CLASS, EC2NodeClass.class);
        List<InstanceType> types = EngineInputs.instanceTypes(BuiltInCatalog.load("aws-small"), nodeClass,
                CatalogInstanceTypes.Options.US_EAST_1);
        InstanceType m5 = types.stream().filter(t -> t.name().equals("m5.large")).findFirst().orElseThrow();
        // maxPods 20; kube-reserved cpu replaced by 100m; ephemeral 100Gi − 1Gi − 10Gi
        assertThat(m5.allocatable().format()).containsEntry("pods", "20").containsEntry("cpu", "1900m")
                .containsEntry("ephemeral-storage", "89Gi");
    }

    @Test
    void bottlerocketSizesKubeReservedMemoryByTheResolvedPods() {
        EC2NodeClass nodeClass = KarpenterManifests.readOne(NODE_CLASS
                .replace("al2023@latest", "bottlerocket@latest").replace("maxPods: 20", "maxPods: 110")
                .replace("/dev/xvda", "/dev/xvdb").replace("rootVolume: true", "rootVolume: false"), EC2NodeClass.class);
        List<InstanceType> types = EngineInputs.instanceTypes(BuiltInCatalog.load("aws-small"), nodeClass,
                CatalogInstanceTypes.Options.US_EAST_1);
        InstanceType m5 = types.stream().filter(t -> t.name().equals("m5.large")).findFirst().orElseThrow();
        // 7577Mi − (11 × 110 + 255) − 100 = 6012Mi; the data volume /dev/xvdb (100Gi) holds ephemeral storage
        assertThat(m5.allocatable().format()).containsEntry("pods", "110").containsEntry("memory", "6012Mi")
                .containsEntry("ephemeral-storage", "89Gi");
    }

    @Test
    void nodePoolBecomesATemplate() {
        NodePool pool = KarpenterManifests.readOne(NODE_POOL, NodePool.class);
        NodePoolTemplate t = EngineInputs.nodePool(pool, List.of());
        assertThat(t.name()).isEqualTo("team-a");
        assertThat(t.weight()).isEqualTo(10);
        assertThat(t.labels()).containsEntry("team", "a");
        assertThat(t.taints()).hasSize(1);
        assertThat(t.requirements().get(Labels.INSTANCE_FAMILY).minValues()).isEqualTo(1);
        assertThat(t.limits().format()).containsEntry("cpu", "100").containsEntry("memory", "400Gi");
        assertThat(t.nodeClassName()).isEqualTo("dense");
    }

    @Test
    void badRequirementNamesTheField() {
        NodePool pool = KarpenterManifests.readOne(NODE_POOL.replace("operator: In", "operator: Near"), NodePool.class);
        assertThatThrownBy(() -> EngineInputs.nodePool(pool, List.of())).isInstanceOf(FieldException.class)
                .satisfies(e -> assertThat(((FieldException) e).field())
                        .isEqualTo("spec.template.spec.requirements[0].operator"));
    }
}
