package io.kafkarpenter.service.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.crd.AwsTagKeys;
import io.kafkarpenter.model.discovery.DiscoveryPlan;
import io.kafkarpenter.model.discovery.DiscoveryResourceType;
import io.kafkarpenter.model.discovery.DiscoverySelection;
import io.kafkarpenter.model.discovery.DiscoveryVerdict;
import io.kafkarpenter.model.discovery.ResourceVerdict;
import io.kafkarpenter.model.discovery.TagChange;
import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.sandbox.ec2.Ec2SimulatorConfig;
import io.kafkarpenter.sandbox.iam.IamConfig;
import io.kafkarpenter.service.aws.DiscoveryTagWriter.Outcome;
import io.kafkarpenter.service.aws.DiscoveryTagWriter.Result;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.eks.EksClient;

/**
 * The discovery-tag reader and writer with the real AWS SDK against the simulator's workshop layout before §1.7
 * (three private and three public subnets, the cluster security group, no discovery tag anywhere).
 */
class DiscoveryTagsIT {

    private static final String C = "demo";
    private static final String TAG_RECONCILER_KEY = "kafkarpenter-tag-reconciler";
    private static final String ADMIN_KEY = "AKIDEXAMPLE";
    private static final String KEY = AwsTagKeys.DISCOVERY;
    private static final String MARKER = AwsTagKeys.DISCOVERY_MARKER;

    private Ec2Simulator sim;
    private Ec2Client ec2;
    private EksClient eks;

    @BeforeEach
    void start() {
        // as the tag-reconciler: its key, enforced with its policy (deploy/iam/tag-reconciler.json)
        sim = Ec2Simulator.start(Ec2SimulatorConfig.builder().port(0).clusterName(C).discoveryTags(false)
            .instantTransitions().iam(IamConfig.builder().enforce(true)
                .policy(TAG_RECONCILER_KEY, Path.of("../deploy/iam/tag-reconciler.json")).adminKey(ADMIN_KEY).build())
            .build());
        System.setProperty("aws.accessKeyId", TAG_RECONCILER_KEY);
        System.setProperty("aws.secretAccessKey", "secret");
        ec2 = AwsClients.ec2("us-east-1", sim.endpoint());
        eks = AwsClients.eks("us-east-1", sim.endpoint());
    }

    @AfterEach
    void stop() {
        ec2.close();
        eks.close();
        sim.close();
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void theUntaggedWorkshopGetsTagAndMarkerOnClusterPrivateSubnetsAndClusterGroupAndNothingElse() {
        DiscoveryPlan plan = tags(false).plan(C, DiscoverySelection.defaults());

        assertThat(plan.resources()).filteredOn(r -> r.type() == DiscoveryResourceType.SUBNET)
            .extracting(ResourceVerdict::id, r -> r.detail().endsWith("public"), ResourceVerdict::verdict)
            .containsExactlyInAnyOrderElementsOf(expectedSubnets());
        assertThat(plan.find(DiscoveryResourceType.CLUSTER, C).orElseThrow().verdict()).isEqualTo(DiscoveryVerdict.ADD);
        assertThat(plan.find(DiscoveryResourceType.SECURITY_GROUP, sim.clusterSecurityGroupId()).orElseThrow().verdict())
            .isEqualTo(DiscoveryVerdict.ADD);

        List<Outcome> outcomes = tags(false).writer().apply(plan, o -> { });

        assertThat(outcomes).hasSize(5).allMatch(o -> o.result() == Result.WRITTEN);
        assertThat(sim.tags(sim.clusterArn())).containsEntry(KEY, C).containsEntry(MARKER, C);
        sim.privateSubnetIdsByZone().values().forEach(id ->
            assertThat(sim.tags(id)).containsEntry(KEY, C).containsEntry(MARKER, C));
        sim.publicSubnetIdsByZone().values().forEach(id -> assertThat(sim.tags(id)).doesNotContainKeys(KEY, MARKER));
        assertThat(sim.tags(sim.clusterSecurityGroupId())).containsEntry(KEY, C).containsEntry(MARKER, C);
        assertThat(sim.requests("CreateTags")).hasSize(4).allSatisfy(r -> {
            assertThat(r.parameter("Tag.1.Key")).isEqualTo(KEY);
            assertThat(r.parameter("Tag.2.Key")).as("the marker in the same call").isEqualTo(MARKER);
        });
        assertThat(sim.requests("TagResource")).hasSize(1);

        DiscoveryPlan after = tags(false).plan(C, DiscoverySelection.defaults());
        assertThat(after.changes()).isEmpty();
        assertThat(after.allSelectedTagged()).isTrue();
        assertThat(after.count(DiscoveryResourceType.SUBNET, DiscoveryVerdict.OK_OURS)).isEqualTo(3);
    }

    @Test
    void aTagDeletedByHandIsRestoredAndAnotherClustersValueIsLeftAlone() {
        applyOnce();
        String[] subnets = sim.privateSubnetIdsByZone().values().toArray(String[]::new);
        sim.deleteTag(subnets[0], KEY);
        sim.putTag(subnets[1], KEY, "other");

        DiscoveryPlan plan = tags(false).plan(C, DiscoverySelection.defaults());
        tags(false).writer().apply(plan, o -> { });

        assertThat(plan.find(DiscoveryResourceType.SUBNET, subnets[0]).orElseThrow().verdict())
            .isEqualTo(DiscoveryVerdict.RESTORE);
        assertThat(sim.tags(subnets[0])).containsEntry(KEY, C);
        assertThat(plan.conflictTexts()).singleElement().asString().contains(subnets[1], "holds \"other\"");
        assertThat(sim.tags(subnets[1])).containsEntry(KEY, "other");
    }

    @Test
    void aSubnetThatLeftTheClusterLosesOnlyTheTagKafkarpenterWrote() {
        applyOnce();
        String[] subnets = sim.privateSubnetIdsByZone().values().toArray(String[]::new);
        String ours = subnets[0];
        String users = subnets[1];
        sim.deleteTag(users, MARKER); // as if a person had written its tag
        sim.putTag(ours, "team", "x");
        sim.removeSubnetFromCluster(ours);
        sim.removeSubnetFromCluster(users);

        DiscoveryPlan plan = tags(false).plan(C, DiscoverySelection.defaults());
        tags(false).writer().apply(plan, o -> { });

        assertThat(plan.find(DiscoveryResourceType.SUBNET, ours).orElseThrow().verdict())
            .as("found by its marker though no longer in the cluster").isEqualTo(DiscoveryVerdict.REMOVE);
        assertThat(sim.tags(ours)).doesNotContainKeys(KEY, MARKER).containsEntry("team", "x");
        assertThat(sim.tags(users)).containsEntry(KEY, C);
        assertThat(sim.requests("DeleteTags")).singleElement().satisfies(r -> {
            assertThat(r.parameter("Tag.1.Value")).as("deleted on its exact value").isEqualTo(C);
            assertThat(r.parameter("Tag.2.Value")).isEqualTo(C);
        });
    }

    @Test
    void aDeleteOnTheExactValueLeavesATagChangedSinceTheRead() {
        applyOnce();
        String subnet = sim.privateSubnetIdsByZone().values().iterator().next();
        sim.putTag(subnet, KEY, "other"); // changed between plan and write

        new DiscoveryTagWriter(ec2, eks, false).apply(new DiscoveryPlan(C, KEY, List.of(new ResourceVerdict(
            DiscoveryResourceType.SUBNET, subnet, "", DiscoveryVerdict.REMOVE, C, null,
            java.util.Optional.of(new TagChange(DiscoveryResourceType.SUBNET, subnet, TagChange.Operation.DELETE,
                Map.of(KEY, C))), java.util.Optional.empty()))), o -> { });

        assertThat(sim.tags(subnet)).containsEntry(KEY, "other");
    }

    @Test
    void dryRunWritesNothing() {
        DiscoveryPlan plan = tags(true).plan(C, DiscoverySelection.defaults());
        List<Outcome> outcomes = tags(true).writer().apply(plan, o -> { });

        assertThat(outcomes).hasSize(5).allMatch(o -> o.result() == Result.DRY_RUN);
        assertThat(sim.requests("CreateTags")).isEmpty();
        assertThat(sim.requests("TagResource")).isEmpty();
        assertThat(sim.tags(sim.clusterArn())).doesNotContainKey(KEY);
    }

    @Test
    void aRefusedWriteIsThatResourcesFailureAndTheOthersGoOnButATransientErrorPropagates() {
        sim.faults().failNext("CreateTags", 1, "UnauthorizedOperation", 403);
        List<Outcome> outcomes = tags(false).writer().apply(tags(false).plan(C, DiscoverySelection.defaults()), o -> { });

        assertThat(outcomes).filteredOn(o -> o.result() == Result.FAILED).singleElement()
            .satisfies(o -> assertThat(o.error()).startsWith("UnauthorizedOperation"));
        assertThat(outcomes).filteredOn(o -> o.result() == Result.WRITTEN).hasSize(4);

        sim.deleteTag(sim.clusterSecurityGroupId(), KEY);
        sim.faults().failNext("CreateTags", 10, "InternalError", 500);
        DiscoveryPlan plan = tags(false).plan(C, DiscoverySelection.defaults());
        assertThatThrownBy(() -> tags(false).writer().apply(plan, o -> { }))
            .isInstanceOf(SdkException.class).satisfies(e -> assertThat(AwsErrors.isTransient((SdkException) e)).isTrue());
    }

    @Test
    void anUnknownClusterIsSaidSo() {
        // the tag-reconciler's role may not even look at another cluster (IAM answers before EKS would say "not found")
        assertThatThrownBy(() -> tags(false).plan("nope", DiscoverySelection.defaults()))
            .isInstanceOf(SdkException.class).hasMessageContaining("not authorized to perform: eks:DescribeCluster");
        // an operator's bin/kk tags (an admin) learns it does not exist
        System.setProperty("aws.accessKeyId", ADMIN_KEY);
        try (Ec2Client adminEc2 = AwsClients.ec2("us-east-1", sim.endpoint());
             EksClient adminEks = AwsClients.eks("us-east-1", sim.endpoint())) {
            assertThatThrownBy(() -> DiscoveryTags.create(adminEc2, adminEks, KEY, "us-east-1", sim.endpoint().toString(),
                    false).plan("nope", DiscoverySelection.defaults()))
                .isInstanceOf(ClusterNotFoundException.class).hasMessageStartingWith("EKS cluster nope not found");
        }
    }

    @Test
    void allAndIdListsSelectPublicSubnetsAndOtherGroups() {
        String publicSubnet = sim.publicSubnetIdsByZone().values().iterator().next();
        String otherGroup = sim.securityGroupIdsByName().values().stream()
            .filter(id -> !id.equals(sim.clusterSecurityGroupId())).findFirst().orElseThrow();

        DiscoveryPlan all = tags(false).plan(C, DiscoverySelection.parse("all", "cluster"));
        DiscoveryPlan ids = tags(false).plan(C, DiscoverySelection.parse(publicSubnet + ",subnet-0000dead",
            otherGroup));

        assertThat(all.count(DiscoveryResourceType.SUBNET, DiscoveryVerdict.ADD)).isEqualTo(6);
        assertThat(ids.resources()).filteredOn(r -> r.verdict().selected())
            .extracting(ResourceVerdict::id, ResourceVerdict::verdict).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(C, DiscoveryVerdict.ADD),
                org.assertj.core.groups.Tuple.tuple(publicSubnet, DiscoveryVerdict.ADD),
                org.assertj.core.groups.Tuple.tuple("subnet-0000dead", DiscoveryVerdict.NOT_FOUND),
                org.assertj.core.groups.Tuple.tuple(otherGroup, DiscoveryVerdict.ADD));
    }

    private void applyOnce() {
        tags(false).writer().apply(tags(false).plan(C, DiscoverySelection.defaults()), o -> { });
        sim.clearRequests();
    }

    private DiscoveryTags tags(boolean dryRun) {
        return DiscoveryTags.create(ec2, eks, KEY, "us-east-1", sim.endpoint().toString(), dryRun);
    }

    private List<org.assertj.core.groups.Tuple> expectedSubnets() {
        List<org.assertj.core.groups.Tuple> out = new java.util.ArrayList<>();
        sim.privateSubnetIdsByZone().values().forEach(id ->
            out.add(org.assertj.core.groups.Tuple.tuple(id, false, DiscoveryVerdict.ADD)));
        sim.publicSubnetIdsByZone().values().forEach(id ->
            out.add(org.assertj.core.groups.Tuple.tuple(id, true, DiscoveryVerdict.NOT_SELECTED)));
        return out;
    }
}
