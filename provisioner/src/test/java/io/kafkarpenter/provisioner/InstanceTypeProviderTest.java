package io.kafkarpenter.provisioner;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.service.ec2.InstanceTypeProvider;
import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodePool;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClassRef;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.instancetypes.InstanceType;
import io.kafkarpenter.model.pods.fixtures.PodFixtures;
import io.kafkarpenter.model.inputs.EngineInputs;
import io.kafkarpenter.model.requirements.Requirements;
import io.kafkarpenter.model.scheduling.NodePoolTemplate;
import io.kafkarpenter.model.scheduling.SchedulerOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The instance types kept per NodePool: only those its requirements allow, the same decisions as with all of them. */
class InstanceTypeProviderTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:01:00Z");

    private static final EC2NodeClass NODE_CLASS = KarpenterManifests.readOne("""
        apiVersion: karpenter.k8s.aws/v1
        kind: EC2NodeClass
        metadata: {name: default, resourceVersion: "1"}
        spec:
          amiSelectorTerms: [{alias: al2023@latest}]
          role: node-role
          subnetSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
          securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: demo}}]
        """, EC2NodeClass.class);

    private final InstanceTypeProvider provider = new InstanceTypeProvider(ProvisionerInstanceTypes.settings(config().instanceTypes()),
        new SimpleMeterRegistry());

    private static NodePool pool(String name, String categories) {
        return KarpenterManifests.readOne("""
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata: {name: %s}
            spec:
              template:
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  requirements:
                    - {key: karpenter.k8s.aws/instance-generation, operator: Gt, values: ["5"]}
                    - {key: karpenter.k8s.aws/instance-category, operator: In, values: [%s]}
                    - {key: kubernetes.io/arch, operator: In, values: ["amd64"]}
            """.formatted(name, categories), NodePool.class);
    }

    private List<InstanceType> typesOf(NodePool np) {
        return provider.forNodePool(EngineInputs.nodePool(np, List.of()), NODE_CLASS);
    }

    @Test
    void aNodePoolKeepsOnlyTheTypesItsRequirementsAllow() {
        List<InstanceType> types = typesOf(pool("default", "c, m, r"));

        assertThat(types).hasSizeLessThan(BuiltInCatalog.load(BuiltInCatalog.AWS_US_EAST_1).size() / 2)
            .extracting(InstanceType::name).contains("c6a.large", "m7i.xlarge", "r6i.2xlarge")
            .doesNotContain("t3.large", "c5.large", "m7g.large", "p4d.24xlarge");
    }

    @Test
    void aChangedNodePoolGetsTheTypesOfItsNewRequirements() {
        assertThat(typesOf(pool("default", "c"))).extracting(InstanceType::name).doesNotContain("m6i.large");

        assertThat(typesOf(pool("default", "c, m"))).extracting(InstanceType::name).contains("c6i.large", "m6i.large");
    }

    @Test
    void nodePoolsWithTheSameRequirementsShareOneList() {
        assertThat(typesOf(pool("a", "c"))).isSameAs(typesOf(pool("b", "c")));
    }

    @Test
    void aTypeOutsideTheRequirementsIsStillFoundByName() {
        typesOf(pool("default", "c"));

        Optional<InstanceType> m = provider.find(NODE_CLASS, "m6i.large");

        assertThat(m).hasValueSatisfying(t -> assertThat(t.allocatable().cpuMilli()).isPositive());
        assertThat(provider.find(NODE_CLASS, "no-such.type")).isEmpty();
    }

    @Test
    void theDecisionsAreTheSameAsWithTheWholeCatalog() {
        NodePool np = pool("default", "c, m, r");
        List<InstanceType> all = provider.forNodePool(new NodePoolTemplate("everything", 0, new Requirements(), Map.of(),
            List.of(), List.of(), null, List.of(), "default"), NODE_CLASS);
        List<PendingPod> pending = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            pending.add(new PendingPod(PodFixtures.pod("web-" + i).deployment("web").cpu(i % 3 == 0 ? "3" : "500m")
                .build(), NOW.minusSeconds(2), "Unschedulable", null));
        }

        List<NodeClaimLaunch> withAll = decide(EngineInputs.nodePool(np, all), pending);
        List<NodeClaimLaunch> withKept = decide(EngineInputs.nodePool(np, typesOf(np)), pending);

        assertThat(all).hasSize(BuiltInCatalog.load(BuiltInCatalog.AWS_US_EAST_1).size());
        assertThat(withKept).isNotEmpty().isEqualTo(withAll);
    }

    private static List<NodeClaimLaunch> decide(NodePoolTemplate pool, List<PendingPod> pending) {
        return ProvisioningPass.decide(new ProvisioningPass.Input(pending, List.of(pool), Map.of("default",
                new ProvisioningPass.PoolExtras(new NodeClassRef("karpenter.k8s.aws", "EC2NodeClass", "default"), "Never",
                    null)), List.of(), List.of(), Set.of(), Map.of(), Map.of(), SchedulerOptions.DEFAULT, NOW,
                NOW.plusSeconds(600)), n -> false)
            .launches();
    }

    /** The built-in catalog only (EC2 is not asked). */
    private static ProvisionerConfig config() {
        ProvisionerConfig.InstanceTypes instanceTypes = new ProvisionerConfig.InstanceTypes() {
            @Override
            public Optional<URI> ec2Endpoint() {
                return Optional.empty();
            }

            @Override
            public String region() {
                return "us-east-1";
            }

            @Override
            public String source() {
                return "catalog";
            }

            @Override
            public String catalog() {
                return BuiltInCatalog.AWS_US_EAST_1;
            }

            @Override
            public List<String> zones() {
                return List.of("us-east-1a", "us-east-1b", "us-east-1c");
            }

            @Override
            public Duration cacheTtl() {
                return Duration.ofMinutes(5);
            }
        };
        return new ProvisionerConfig() {
            @Override
            public Duration batchIdleDuration() {
                return Duration.ofSeconds(1);
            }

            @Override
            public Duration batchMaxDuration() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration requeuePeriod() {
                return Duration.ofSeconds(10);
            }

            @Override
            public Duration tick() {
                return Duration.ofMillis(50);
            }

            @Override
            public Duration launchTtl() {
                return Duration.ofMinutes(10);
            }

            @Override
            public Duration launchExpiryGrace() {
                return Duration.ofSeconds(30);
            }

            @Override
            public Duration launcherBehindAfter() {
                return Duration.ofSeconds(5);
            }

            @Override
            public int maxInstanceTypes() {
                return 60;
            }

            @Override
            public InstanceTypes instanceTypes() {
                return instanceTypes;
            }
        };
    }
}
