package io.kafkarpenter.model.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KarpenterManifestsTest {
    private static final String NODE_POOL = """
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata:
              name: gpu
            spec:
              weight: 50
              template:
                metadata:
                  annotations:
                    example.com/owner: ml
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: gpu}
                  requirements:
                    - key: karpenter.k8s.aws/instance-family
                      operator: In
                      values: [g5, g6, p4d]
                      minValues: 2
                  taints:
                    - {key: nvidia.com/gpu, value: "true", effect: NoSchedule}
                  startupTaints:
                    - {key: example.com/agent-not-ready, effect: NoExecute}
                  terminationGracePeriod: 48h
                  futureField: ignored
              disruption:
                consolidationPolicy: WhenEmpty
                consolidateAfter: 5m
                budgets:
                  - nodes: "20%"
                    reasons: [Empty, Drifted]
                  - nodes: "0"
                    schedule: "0 9 * * mon-fri"
                    duration: 8h
              limits:
                cpu: 1000
                memory: 1000Gi
                nvidia.com/gpu: 16
            status:
              resources: {cpu: "96", memory: 768Gi}
              nodeClassObservedGeneration: 3
              conditions:
                - {type: Ready, status: "True", reason: Ready, lastTransitionTime: "2026-03-01T10:00:00Z", message: ""}
            """;

    @Test
    void readsEveryNodePoolFieldAndIgnoresUnknownOnes() {
        NodePool pool = KarpenterManifests.readOne(NODE_POOL, NodePool.class);
        NodePoolSpec spec = pool.getSpec();
        assertThat(spec.getWeight()).isEqualTo(50);
        assertThat(spec.getTemplate().getMetadata().getAnnotations()).containsEntry("example.com/owner", "ml");
        NodeClaimTemplateSpec template = spec.getTemplate().getSpec();
        assertThat(template.getRequirements()).containsExactly(
                new NodeSelectorRequirementWithMinValues("karpenter.k8s.aws/instance-family", "In", List.of("g5", "g6", "p4d"), 2));
        assertThat(template.getTaints()).singleElement().satisfies(t -> {
            assertThat(t.getKey()).isEqualTo("nvidia.com/gpu");
            assertThat(t.getValue()).isEqualTo("true");
            assertThat(t.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(template.getStartupTaints()).singleElement().satisfies(t -> assertThat(t.getEffect()).isEqualTo("NoExecute"));
        assertThat(template.getTerminationGracePeriod()).isEqualTo("48h");
        assertThat(template.getExpireAfter()).isNull();
        assertThat(spec.getDisruption().getConsolidationPolicy()).isEqualTo("WhenEmpty");
        assertThat(spec.getDisruption().getBudgets()).extracting(Budget::getNodes, Budget::getSchedule, Budget::getDuration, Budget::getReasons)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("20%", null, null, List.of("Empty", "Drifted")),
                        org.assertj.core.groups.Tuple.tuple("0", "0 9 * * mon-fri", "8h", null));
        assertThat(spec.getLimits()).containsEntry("cpu", new Quantity("1000")).containsEntry("memory", new Quantity("1000Gi"))
                .containsEntry("nvidia.com/gpu", new Quantity("16"));
        assertThat(pool.getStatus().getResources()).containsEntry("memory", new Quantity("768Gi"));
        assertThat(pool.getStatus().getNodeClassObservedGeneration()).isEqualTo(3L);
        assertThat(pool.getStatus().getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Ready");
            assertThat(c.getStatus()).isEqualTo("True");
        });
    }

    @Test
    void writesWithoutNullsAndRoundTripsThroughFabric8() {
        NodePool pool = KarpenterManifests.readOne(NODE_POOL, NodePool.class);
        KubernetesSerialization fabric8 = new KubernetesSerialization();
        String json = fabric8.asJson(pool);
        assertThat(json).doesNotContain("null").doesNotContain("futureField");
        NodePool again = fabric8.unmarshal(json, NodePool.class);
        assertThat(again).isEqualTo(pool);
        assertThat(again.getSpec()).isEqualTo(pool.getSpec()).hasSameHashCodeAs(pool.getSpec());
    }

    @Test
    void plainJacksonWritesTheKarpenterFieldNames() throws Exception {
        EC2NodeClass nodeClass = KarpenterManifests.readOne("""
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata: {name: custom}
                spec:
                  amiFamily: AL2023
                  amiSelectorTerms: [{id: ami-0123456789abcdef0}]
                  instanceProfile: KarpenterNodeInstanceProfile
                  associatePublicIPAddress: false
                  ipPrefixCount: 2
                  subnetSelectorTerms: [{id: subnet-0abc}]
                  securityGroupSelectorTerms: [{name: eks-cluster-sg}]
                  capacityReservationSelectorTerms: [{ownerID: "123456789012", instanceMatchCriteria: open}]
                  kubelet:
                    maxPods: 110
                    podsPerCore: 10
                    clusterDNS: [10.100.0.10]
                    cpuCFSQuota: true
                    systemReserved: {cpu: 100m, memory: 100Mi}
                    kubeReserved: {cpu: 200m}
                    evictionHard: {memory.available: 5%}
                    evictionSoft: {nodefs.available: 10%}
                    evictionSoftGracePeriod: {nodefs.available: 1m}
                    evictionMaxPodGracePeriod: 60
                    imageGCHighThresholdPercent: 85
                    imageGCLowThresholdPercent: 80
                    shutdownGracePeriod: 30s
                  blockDeviceMappings:
                    - deviceName: /dev/xvda
                      rootVolume: true
                      ebs: {volumeSize: 100Gi, volumeType: gp3, iops: 3000, throughput: 125, encrypted: true, deleteOnTermination: true, kmsKeyID: alias/ebs}
                  instanceStorePolicy: RAID0
                  detailedMonitoring: true
                  metadataOptions: {httpEndpoint: enabled, httpProtocolIPv6: disabled, httpPutResponseHopLimit: 2, httpTokens: required}
                  userData: |
                    echo hello
                  context: ctx
                status:
                  instanceProfile: KarpenterNodeInstanceProfile
                  subnets: [{id: subnet-0abc, zone: us-east-1a, zoneID: use1-az1}]
                  securityGroups: [{id: sg-0abc, name: eks-cluster-sg}]
                  amis:
                    - id: ami-0123456789abcdef0
                      name: al2023
                      deprecated: false
                      requirements: [{key: kubernetes.io/arch, operator: In, values: [amd64]}]
                  capacityReservations:
                    - {id: cr-0abc, availabilityZone: us-east-1a, instanceType: m5.large, instanceMatchCriteria: open, ownerID: "123456789012", reservationType: default, state: active}
                """, EC2NodeClass.class);
        JsonNode json = JsonMapper.builder().build().valueToTree(nodeClass);
        JsonNode spec = json.get("spec");
        assertThat(spec.get("associatePublicIPAddress").asBoolean(true)).isFalse();
        assertThat(spec.get("ipPrefixCount").asInt()).isEqualTo(2);
        assertThat(spec.get("kubelet").get("clusterDNS").get(0).asText()).isEqualTo("10.100.0.10");
        assertThat(spec.get("kubelet").get("cpuCFSQuota").asBoolean()).isTrue();
        assertThat(spec.get("kubelet").get("imageGCHighThresholdPercent").asInt()).isEqualTo(85);
        assertThat(spec.get("kubelet").get("shutdownGracePeriod").asText()).isEqualTo("30s");
        assertThat(spec.get("metadataOptions").get("httpProtocolIPv6").asText()).isEqualTo("disabled");
        assertThat(spec.get("blockDeviceMappings").get(0).get("ebs").get("kmsKeyID").asText()).isEqualTo("alias/ebs");
        assertThat(spec.get("capacityReservationSelectorTerms").get(0).get("ownerID").asText()).isEqualTo("123456789012");
        assertThat(json.get("status").get("subnets").get(0).get("zoneID").asText()).isEqualTo("use1-az1");
        assertThat(json.get("status").get("amis").get(0).get("requirements").get(0).get("key").asText()).isEqualTo("kubernetes.io/arch");
        assertThat(nodeClass.getSpec().getKubelet().getAdditionalProperties()).containsExactly(Map.entry("shutdownGracePeriod", "30s"));
        assertThat(nodeClass.getSpec().getUserData()).isEqualTo("echo hello\n");
        assertThat(nodeClass.getStatus().getCapacityReservations()).singleElement()
                .satisfies(cr -> assertThat(cr.getInstanceType()).isEqualTo("m5.large"));
        assertThat(io.kafkarpenter.model.crd.validation.EC2NodeClassValidator.validate(nodeClass)).isEmpty();
    }

    @Test
    void karpenter114FieldsAreReadAndWrittenBack() {
        NodePool pool = KarpenterManifests.readOne("""
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata: {name: static}
                spec:
                  replicas: 3
                  limits: {nodes: 5}
                  template:
                    spec:
                      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                      requirements: [{key: kubernetes.io/arch, operator: In, values: [amd64]}]
                """, NodePool.class);
        EC2NodeClass nodeClass = KarpenterManifests.readOne("""
                apiVersion: karpenter.k8s.aws/v1
                kind: EC2NodeClass
                metadata: {name: efa}
                spec:
                  amiSelectorTerms: [{alias: al2023@latest}]
                  role: KarpenterNodeRole
                  subnetSelectorTerms: [{id: subnet-0abc}]
                  securityGroupSelectorTerms: [{id: sg-0abc}]
                  networkInterfaces:
                    - {networkCardIndex: 0, deviceIndex: 0, interfaceType: interface}
                    - {networkCardIndex: 1, deviceIndex: 1, interfaceType: efa-only}
                  connectionTracking: {tcpEstablishedTimeout: 3600, udpStreamTimeout: 120, udpTimeout: 30}
                  cpuOptions: {nestedVirtualization: enabled}
                  placementGroupSelector: {name: training}
                """, EC2NodeClass.class);

        assertThat(pool.getSpec().getReplicas()).isEqualTo(3L);
        EC2NodeClassSpec spec = nodeClass.getSpec();
        assertThat(spec.getNetworkInterfaces()).extracting(NetworkInterface::getInterfaceType).containsExactly("interface", "efa-only");
        assertThat(spec.getConnectionTracking().getTcpEstablishedTimeout()).isEqualTo(3600);
        assertThat(spec.getCpuOptions().getNestedVirtualization()).isEqualTo("enabled");
        assertThat(spec.getPlacementGroupSelector().getName()).isEqualTo("training");
        JsonMapper json = JsonMapper.builder().build();
        assertThat(json.valueToTree(pool).get("spec").get("replicas").asInt()).isEqualTo(3);
        JsonNode written = json.valueToTree(nodeClass).get("spec");
        assertThat(written.get("networkInterfaces").get(1).get("networkCardIndex").asInt()).isEqualTo(1);
        assertThat(written.get("connectionTracking").get("udpStreamTimeout").asInt()).isEqualTo(120);
        assertThat(written.get("cpuOptions").get("nestedVirtualization").asText()).isEqualTo("enabled");
        assertThat(written.get("placementGroupSelector").get("name").asText()).isEqualTo("training");
    }

    @Test
    void aWrongTypeNamesTheDocumentObjectAndField() {
        String yaml = NODE_POOL + "---\n" + NODE_POOL.replace("name: gpu\n", "name: broken\n").replace("minValues: 2", "minValues: two");
        assertThatThrownBy(() -> KarpenterManifests.read(yaml))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("document 2 (NodePool broken): spec.template.spec.requirements[0].minValues: cannot read \"two\" as a number")
                .satisfies(e -> assertThat(((ManifestException) e).fieldPath()).isEqualTo("spec.template.spec.requirements[0].minValues"));
    }

    @Test
    void aListWhereAnObjectBelongsNamesTheField() {
        String yaml = NODE_POOL.replace("consolidateAfter: 5m", "consolidateAfter: [5m]");
        assertThatThrownBy(() -> KarpenterManifests.read(yaml))
                .hasMessageStartingWith("document 1 (NodePool gpu): spec.disruption.consolidateAfter: expected a string");
    }

    @Test
    void unsupportedKindsAndVersionsAreNamed() {
        assertThatThrownBy(() -> KarpenterManifests.read("apiVersion: karpenter.sh/v1beta1\nkind: NodePool\nmetadata: {name: old}\n"))
                .hasMessage("document 1 (NodePool old): unsupported apiVersion/kind \"karpenter.sh/v1beta1\"/\"NodePool\"; "
                        + "expected karpenter.sh/v1 NodePool or NodeClaim, or karpenter.k8s.aws/v1 EC2NodeClass");
        assertThatThrownBy(() -> KarpenterManifests.read("---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"))
                .hasMessageStartingWith("document 2 (ConfigMap x): unsupported apiVersion/kind");
    }

    @Test
    void brokenYamlNamesTheDocumentAndLine() {
        assertThatThrownBy(() -> KarpenterManifests.read(NODE_POOL + "---\nkind: NodePool\nspec: [unclosed\n"))
                .isInstanceOf(ManifestException.class)
                .hasMessageStartingWith("document 2: invalid YAML at line");
    }

    @Test
    void anchorsAliasesAndMergeKeysResolveAcrossAManifest() {
        KarpenterManifests manifests = KarpenterManifests.read("""
                apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata: {name: a, labels: &labels {team: web}}
                spec:
                  template:
                    metadata: {labels: *labels}
                    spec:
                      nodeClassRef: &ref {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                      requirements:
                        - &zones {key: topology.kubernetes.io/zone, operator: In, values: [&zone us-east-1a]}
                        - <<: *zones
                          key: example.com/zone-copy
                        - {key: example.com/home, operator: In, values: [*zone]}
                """);
        NodePool pool = manifests.nodePool("a").orElseThrow();
        var spec = pool.getSpec().getTemplate().getSpec();
        assertThat(pool.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("team", "web");
        assertThat(spec.getNodeClassRef().getName()).isEqualTo("default");
        assertThat(spec.getRequirements().get(1).getKey()).isEqualTo("example.com/zone-copy");
        assertThat(spec.getRequirements().get(1).getValues()).containsExactly("us-east-1a");
        assertThat(spec.getRequirements().get(2).getValues()).containsExactly("us-east-1a");
    }

    @Test
    void anAliasBombIsRefusedAsInvalidYaml() {
        StringBuilder yaml = new StringBuilder("apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: x}\n"
                + "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        assertThatThrownBy(() -> KarpenterManifests.read(yaml.toString()))
                .isInstanceOf(ManifestException.class)
                .hasMessageContaining("document 1: invalid YAML")
                .hasMessageContaining("alias bomb");
    }

    @Test
    void emptyDocumentsAreSkipped() {
        assertThat(KarpenterManifests.read("---\n# nothing\n---\n").all()).isEmpty();
        assertThat(KarpenterManifests.read("---\n" + NODE_POOL + "---\n").nodePools()).hasSize(1);
    }

    @Test
    void readsNodeClaims() {
        NodeClaim claim = KarpenterManifests.readOne("""
                apiVersion: karpenter.sh/v1
                kind: NodeClaim
                metadata:
                  name: default-x7k2p
                  labels: {karpenter.sh/nodepool: default}
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  requirements:
                    - {key: node.kubernetes.io/instance-type, operator: In, values: [m5.large, m5.xlarge], minValues: 2}
                  resources:
                    requests: {cpu: 1500m, memory: 2Gi, pods: "3"}
                  expireAfter: 720h
                  terminationGracePeriod: 1h
                  taints: [{key: dedicated, value: web, effect: NoSchedule}]
                status:
                  nodeName: ip-10-0-1-23.ec2.internal
                  providerID: aws:///us-east-1a/i-0123456789abcdef0
                  imageID: ami-0123456789abcdef0
                  capacity: {cpu: "2", memory: 7577Mi, pods: "29"}
                  allocatable: {cpu: 1930m, memory: 6903Mi, pods: "29"}
                  lastPodEventTime: "2026-03-01T10:00:00Z"
                  conditions: [{type: Launched, status: "True"}, {type: Registered, status: "True"}]
                """, NodeClaim.class);
        assertThat(claim.getMetadata().getLabels()).containsEntry("karpenter.sh/nodepool", "default");
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("cpu", new Quantity("1500m"));
        assertThat(claim.getSpec().getRequirements().get(0).getMinValues()).isEqualTo(2);
        assertThat(claim.getStatus().getProviderID()).isEqualTo("aws:///us-east-1a/i-0123456789abcdef0");
        assertThat(claim.getStatus().getImageID()).isEqualTo("ami-0123456789abcdef0");
        assertThat(claim.getStatus().getNodeName()).isEqualTo("ip-10-0-1-23.ec2.internal");
        assertThat(claim.getStatus().getAllocatable()).containsEntry("memory", new Quantity("6903Mi"));
        assertThat(claim.getStatus().getCapacity()).containsEntry("pods", new Quantity("29"));
        assertThat(claim.getStatus().getLastPodEventTime()).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(claim.getStatus().getConditions()).extracting(c -> c.getType()).containsExactly("Launched", "Registered");
        assertThat(io.kafkarpenter.model.crd.validation.NodeClaimValidator.validate(claim)).isEmpty();
    }
}
