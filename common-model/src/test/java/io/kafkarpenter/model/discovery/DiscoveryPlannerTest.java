package io.kafkarpenter.model.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.crd.AwsTagKeys;
import io.kafkarpenter.model.discovery.DiscoveryInventory.Cluster;
import io.kafkarpenter.model.discovery.DiscoveryInventory.SecurityGroup;
import io.kafkarpenter.model.discovery.DiscoveryInventory.Subnet;

class DiscoveryPlannerTest {

    private static final String C = "demo";
    private static final String ARN = "arn:aws:eks:us-east-1:111122223333:cluster/demo";
    private static final String KEY = AwsTagKeys.DISCOVERY;
    private static final String MARKER = AwsTagKeys.DISCOVERY_MARKER;

    private final DiscoveryPlanner planner = new DiscoveryPlanner(KEY, new AwsCliCommands("us-east-1", null));

    @Test
    void theUntaggedWorkshopLayoutAddsTagAndMarkerOnClusterPrivateSubnetsAndClusterGroupOnly() {
        DiscoveryPlan plan = planner.plan(workshop(Map.of(), Map.of(), Map.of()), DiscoverySelection.defaults());

        assertThat(plan.resources()).extracting(ResourceVerdict::id, ResourceVerdict::verdict).containsExactly(
            tuple(C, DiscoveryVerdict.ADD),
            tuple("subnet-a1", DiscoveryVerdict.ADD), tuple("subnet-a9", DiscoveryVerdict.NOT_SELECTED),
            tuple("subnet-b1", DiscoveryVerdict.ADD), tuple("subnet-b9", DiscoveryVerdict.NOT_SELECTED),
            tuple("sg-cluster", DiscoveryVerdict.ADD), tuple("sg-other", DiscoveryVerdict.NOT_SELECTED));
        ResourceVerdict cluster = plan.find(DiscoveryResourceType.CLUSTER, C).orElseThrow();
        assertThat(cluster.change()).contains(new TagChange(DiscoveryResourceType.CLUSTER, ARN,
            TagChange.Operation.CREATE, Map.of(KEY, C, MARKER, C)));
        assertThat(plan.find(DiscoveryResourceType.SUBNET, "subnet-a1").orElseThrow().change().orElseThrow().tags())
            .containsExactly(Map.entry(KEY, C), Map.entry(MARKER, C));
        assertThat(plan.allSelectedTagged()).isFalse();
        assertThat(plan.changes()).hasSize(4);
    }

    @Test
    void theFixCommandIsTheWorkshopsCommandWithTheTagAloneAndTheRegion() {
        DiscoveryPlan plan = planner.plan(workshop(Map.of(), Map.of(), Map.of()), DiscoverySelection.defaults());

        assertThat(plan.find(DiscoveryResourceType.CLUSTER, C).orElseThrow().fixCommand()).contains(
            "aws eks tag-resource --resource-arn " + ARN + " --tags karpenter.sh/discovery=demo --region us-east-1");
        assertThat(plan.find(DiscoveryResourceType.SUBNET, "subnet-a1").orElseThrow().fixCommand()).contains(
            "aws ec2 create-tags --resources subnet-a1 --tags Key=karpenter.sh/discovery,Value=demo --region us-east-1");
        assertThat(plan.find(DiscoveryResourceType.SECURITY_GROUP, "sg-cluster").orElseThrow().fixCommand()).contains(
            "aws ec2 create-tags --resources sg-cluster --tags Key=karpenter.sh/discovery,Value=demo --region us-east-1");
        assertThat(plan.find(DiscoveryResourceType.SUBNET, "subnet-a9").orElseThrow().fixCommand()).isEmpty();
    }

    @Test
    void aTagWeWroteIsOursAndATagSomeoneElseWroteIsTheUsers() {
        DiscoveryPlan plan = planner.plan(workshop(Map.of(KEY, C, MARKER, C), Map.of(KEY, C), Map.of(KEY, C, MARKER, C)),
            DiscoverySelection.defaults());

        assertThat(plan.find(DiscoveryResourceType.CLUSTER, C).orElseThrow().verdict()).isEqualTo(DiscoveryVerdict.OK_OURS);
        assertThat(verdict(plan, DiscoveryResourceType.SUBNET, "subnet-a1")).isEqualTo(DiscoveryVerdict.OK_USERS);
        assertThat(verdict(plan, DiscoveryResourceType.SECURITY_GROUP, "sg-cluster")).isEqualTo(DiscoveryVerdict.OK_OURS);
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.allSelectedTagged()).isTrue();
        assertThat(plan.find(DiscoveryResourceType.SUBNET, "subnet-a1").orElseThrow().explain(KEY, C))
            .isEqualTo("karpenter.sh/discovery=demo");
    }

    @Test
    void aMarkerWithoutItsTagMeansTheTagWasRemovedByHandAndOnlyTheTagIsRestored() {
        DiscoveryPlan plan = planner.plan(workshop(Map.of(), Map.of(MARKER, C), Map.of()), DiscoverySelection.defaults());

        ResourceVerdict a1 = plan.find(DiscoveryResourceType.SUBNET, "subnet-a1").orElseThrow();
        assertThat(a1.verdict()).isEqualTo(DiscoveryVerdict.RESTORE);
        assertThat(a1.change().orElseThrow().tags()).containsExactly(Map.entry(KEY, C));
        assertThat(a1.change().orElseThrow().operation()).isEqualTo(TagChange.Operation.CREATE);
    }

    @Test
    void anotherClustersValueIsAConflictReportedAndNeverChanged() {
        DiscoveryPlan plan = planner.plan(workshop(Map.of(), Map.of(KEY, "other"), Map.of()),
            DiscoverySelection.defaults());

        ResourceVerdict a1 = plan.find(DiscoveryResourceType.SUBNET, "subnet-a1").orElseThrow();
        assertThat(a1.verdict()).isEqualTo(DiscoveryVerdict.CONFLICT);
        assertThat(a1.change()).isEmpty();
        assertThat(a1.fixCommand()).isEmpty();
        assertThat(plan.conflictTexts()).containsExactly(
            "subnet subnet-a1 (us-east-1a, private): karpenter.sh/discovery holds \"other\", not this cluster's value:"
                + " left unchanged",
            "subnet subnet-b1 (us-east-1b, private): karpenter.sh/discovery holds \"other\", not this cluster's value:"
                + " left unchanged");
        assertThat(plan.allSelectedTagged()).isFalse();
    }

    @Test
    void anotherValueIsAConflictEvenWhenOurMarkerIsThere() {
        DiscoveryPlan plan = planner.plan(workshop(Map.of(), Map.of(KEY, "other", MARKER, C), Map.of()),
            DiscoverySelection.defaults());

        assertThat(verdict(plan, DiscoveryResourceType.SUBNET, "subnet-a1")).isEqualTo(DiscoveryVerdict.CONFLICT);
        assertThat(plan.find(DiscoveryResourceType.SUBNET, "subnet-a1").orElseThrow().change()).isEmpty();
    }

    @Test
    void anotherClustersMarkerOnAnUntaggedResourceIsAConflictSoItsMarkerIsNotOverwritten() {
        DiscoveryPlan plan = planner.plan(workshop(Map.of(), Map.of(MARKER, "other"), Map.of()),
            DiscoverySelection.defaults());

        ResourceVerdict a1 = plan.find(DiscoveryResourceType.SUBNET, "subnet-a1").orElseThrow();
        assertThat(a1.verdict()).isEqualTo(DiscoveryVerdict.CONFLICT);
        assertThat(a1.change()).isEmpty();
        assertThat(a1.explain(KEY, C)).contains(MARKER + " holds \"other\"");
    }

    @Test
    void aResourceThatLeftTheSelectionLosesTheTagAndMarkerWeWroteOnTheirExactValues() {
        Subnet left = new Subnet("subnet-c1", "us-east-1c", false, Map.of(KEY, C, MARKER, C, "team", "x"), false);
        DiscoveryPlan plan = planner.plan(withSubnet(left), DiscoverySelection.defaults());

        ResourceVerdict c1 = plan.find(DiscoveryResourceType.SUBNET, "subnet-c1").orElseThrow();
        assertThat(c1.verdict()).isEqualTo(DiscoveryVerdict.REMOVE);
        assertThat(c1.detail()).isEqualTo("us-east-1c, private, not in the cluster");
        assertThat(c1.change()).contains(new TagChange(DiscoveryResourceType.SUBNET, "subnet-c1",
            TagChange.Operation.DELETE, Map.of(KEY, C, MARKER, C)));
        assertThat(c1.fixCommand()).contains("aws ec2 delete-tags --resources subnet-c1 --tags"
            + " Key=karpenter.sh/discovery,Value=demo Key=kafkarpenter.io/discovery-tag-owner,Value=demo --region us-east-1");
        assertThat(plan.allSelectedTagged()).as("a removal is not a missing tag").isTrue();
    }

    @Test
    void aResourceThatLeftTheSelectionWithAnotherValueLosesOnlyOurMarker() {
        Subnet left = new Subnet("subnet-c1", "us-east-1c", false, Map.of(KEY, "other", MARKER, C), false);
        DiscoveryPlan plan = planner.plan(withSubnet(left), DiscoverySelection.defaults());

        assertThat(plan.find(DiscoveryResourceType.SUBNET, "subnet-c1").orElseThrow().change().orElseThrow().tags())
            .containsExactly(Map.entry(MARKER, C));
    }

    @Test
    void aTagWeNeverWroteIsNeverTouchedWhenTheResourceIsNotSelected() {
        Subnet left = new Subnet("subnet-c1", "us-east-1c", false, Map.of(KEY, C), false);
        DiscoveryPlan plan = planner.plan(withSubnet(left), DiscoverySelection.defaults());

        ResourceVerdict c1 = plan.find(DiscoveryResourceType.SUBNET, "subnet-c1").orElseThrow();
        assertThat(c1.verdict()).isEqualTo(DiscoveryVerdict.NOT_SELECTED);
        assertThat(c1.change()).isEmpty();
        assertThat(verdict(plan, DiscoveryResourceType.SUBNET, "subnet-a9")).isEqualTo(DiscoveryVerdict.NOT_SELECTED);
    }

    @Test
    void anotherClustersMarkerOnAResourceWeDoNotSelectIsNotOurs() {
        Subnet left = new Subnet("subnet-c1", "us-east-1c", false, Map.of(KEY, "other", MARKER, "other"), false);
        DiscoveryPlan plan = planner.plan(withSubnet(left), DiscoverySelection.defaults());

        assertThat(verdict(plan, DiscoveryResourceType.SUBNET, "subnet-c1")).isEqualTo(DiscoveryVerdict.NOT_SELECTED);
    }

    @Test
    void allSelectsPublicSubnetsOfTheClusterToo() {
        DiscoveryPlan plan = planner.plan(workshop(Map.of(), Map.of(), Map.of()), DiscoverySelection.parse("all", null));

        assertThat(verdict(plan, DiscoveryResourceType.SUBNET, "subnet-a9")).isEqualTo(DiscoveryVerdict.ADD);
        assertThat(plan.count(DiscoveryResourceType.SUBNET, DiscoveryVerdict.ADD)).isEqualTo(4);
    }

    @Test
    void idsSelectExactlyTheListedSubnetsAndGroupsAndReportTheMissingOnes() {
        DiscoveryPlan plan = planner.plan(workshop(Map.of(), Map.of(), Map.of()),
            DiscoverySelection.parse("subnet-a9,subnet-zz", "sg-other,sg-gone"));

        assertThat(plan.resources()).extracting(ResourceVerdict::id, ResourceVerdict::verdict).containsExactly(
            tuple(C, DiscoveryVerdict.ADD),
            tuple("subnet-a1", DiscoveryVerdict.NOT_SELECTED), tuple("subnet-a9", DiscoveryVerdict.ADD),
            tuple("subnet-b1", DiscoveryVerdict.NOT_SELECTED), tuple("subnet-b9", DiscoveryVerdict.NOT_SELECTED),
            tuple("subnet-zz", DiscoveryVerdict.NOT_FOUND),
            tuple("sg-cluster", DiscoveryVerdict.NOT_SELECTED), tuple("sg-other", DiscoveryVerdict.ADD),
            tuple("sg-gone", DiscoveryVerdict.NOT_FOUND));
        assertThat(plan.allSelectedTagged()).isFalse();
    }

    @Test
    void settingsChangedAwayFromAGroupWeTaggedRemoveOurTag() {
        DiscoveryPlan plan = planner.plan(workshop(Map.of(), Map.of(), Map.of(KEY, C, MARKER, C)),
            DiscoverySelection.parse("private", "sg-other"));

        assertThat(verdict(plan, DiscoveryResourceType.SECURITY_GROUP, "sg-cluster")).isEqualTo(DiscoveryVerdict.REMOVE);
        assertThat(verdict(plan, DiscoveryResourceType.SECURITY_GROUP, "sg-other")).isEqualTo(DiscoveryVerdict.ADD);
    }

    @Test
    void aConfiguredTagKeyIsUsedForTagsAndCommandsButTheMarkerKeyStays() {
        DiscoveryPlanner custom = new DiscoveryPlanner("example.com/discovery", new AwsCliCommands(null, null));
        DiscoveryPlan plan = custom.plan(workshop(Map.of(), Map.of(), Map.of()), DiscoverySelection.defaults());

        ResourceVerdict a1 = plan.find(DiscoveryResourceType.SUBNET, "subnet-a1").orElseThrow();
        assertThat(a1.change().orElseThrow().tags()).containsOnlyKeys("example.com/discovery", MARKER);
        assertThat(a1.fixCommand()).contains(
            "aws ec2 create-tags --resources subnet-a1 --tags Key=example.com/discovery,Value=demo");
    }

    @Test
    void describedResourcesSayZoneAndPublicOrPrivateAndTheGroupName() {
        DiscoveryPlan plan = planner.plan(workshop(Map.of(), Map.of(), Map.of()), DiscoverySelection.defaults());

        assertThat(plan.resources()).extracting(ResourceVerdict::describe).containsExactly(
            "cluster demo",
            "subnet subnet-a1 (us-east-1a, private)", "subnet subnet-a9 (us-east-1a, public)",
            "subnet subnet-b1 (us-east-1b, private)", "subnet subnet-b9 (us-east-1b, public)",
            "security group sg-cluster (eks-cluster-sg-demo, cluster security group)", "security group sg-other (nodes)");
    }

    private static DiscoveryVerdict verdict(DiscoveryPlan plan, DiscoveryResourceType type, String id) {
        return plan.find(type, id).orElseThrow().verdict();
    }

    private static org.assertj.core.groups.Tuple tuple(Object... values) {
        return org.assertj.core.groups.Tuple.tuple(values);
    }

    /** Cluster, private subnets a1 b1, public subnets a9 b9, the cluster SG and another group. */
    private static DiscoveryInventory workshop(Map<String, String> clusterTags, Map<String, String> privateSubnetTags,
                                               Map<String, String> clusterGroupTags) {
        return new DiscoveryInventory(new Cluster(C, ARN, clusterTags),
            List.of(new Subnet("subnet-b9", "us-east-1b", true, Map.of(), true),
                new Subnet("subnet-a1", "us-east-1a", false, privateSubnetTags, true),
                new Subnet("subnet-b1", "us-east-1b", false, privateSubnetTags, true),
                new Subnet("subnet-a9", "us-east-1a", true, Map.of(), true)),
            List.of(new SecurityGroup("sg-other", "nodes", Map.of(), false),
                new SecurityGroup("sg-cluster", "eks-cluster-sg-demo", clusterGroupTags, true)));
    }

    private static DiscoveryInventory withSubnet(Subnet extra) {
        DiscoveryInventory base = workshop(Map.of(KEY, C, MARKER, C), Map.of(KEY, C, MARKER, C), Map.of(KEY, C, MARKER, C));
        List<Subnet> subnets = new java.util.ArrayList<>(base.subnets());
        subnets.add(extra);
        return new DiscoveryInventory(base.cluster(), subnets, base.securityGroups());
    }
}
