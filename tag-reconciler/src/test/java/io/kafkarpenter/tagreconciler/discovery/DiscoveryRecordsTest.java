package io.kafkarpenter.tagreconciler.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.crd.AwsTagKeys;
import io.kafkarpenter.model.discovery.AwsCliCommands;
import io.kafkarpenter.model.discovery.DiscoveryInventory;
import io.kafkarpenter.model.discovery.DiscoveryPlan;
import io.kafkarpenter.model.discovery.DiscoveryPlanner;
import io.kafkarpenter.model.discovery.DiscoveryResourceType;
import io.kafkarpenter.model.discovery.DiscoverySelection;
import io.kafkarpenter.model.discovery.ResourceVerdict;
import io.kafkarpenter.model.events.Subject;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.service.aws.DiscoveryTagWriter.Outcome;
import io.kafkarpenter.service.aws.DiscoveryTagWriter.Result;

class DiscoveryRecordsTest {

    private static final String C = "demo";
    private static final String KEY = AwsTagKeys.DISCOVERY;
    private static final String MARKER = AwsTagKeys.DISCOVERY_MARKER;
    private final DiscoveryPlanner planner = new DiscoveryPlanner(KEY, new AwsCliCommands("us-east-1", null));
    private final DiscoveryRecords records = new DiscoveryRecords();

    @Test
    void eachWrittenChangeIsOneRecordAboutItsResource() {
        DiscoveryPlan plan = plan(Map.of(), Map.of(MARKER, C), Map.of(KEY, C, MARKER, C), false);

        List<DiscoveryRecords.Pending> out = plan.changes().stream()
            .flatMap(r -> records.forOutcome(outcome(r, Result.WRITTEN), KEY, C).stream()).toList();

        assertThat(out).extracting(p -> p.why().reason()).containsExactly(Reason.DISCOVERY_TAG_ADDED,
            Reason.DISCOVERY_TAG_RESTORED, Reason.DISCOVERY_TAG_REMOVED);
        assertThat(out.get(0).key()).isEqualTo("tags/demo");
        assertThat(out.get(0).subjects()).containsExactly(Subject.awsResource("EKSCluster", C));
        assertThat(out.get(0).why().text()).isEqualTo("EKSCluster demo: added karpenter.sh/discovery=demo");
        assertThat(out.get(1).why().text()).isEqualTo(
            "Subnet subnet-1: restored karpenter.sh/discovery=demo, removed outside Kafkarpenter");
        assertThat(out.get(2).subjects()).containsExactly(Subject.awsResource("SecurityGroup", "sg-1"));
        assertThat(out.get(2).why().text()).isEqualTo("SecurityGroup sg-1 is no longer selected for the cluster:"
            + " removed karpenter.sh/discovery=demo, kafkarpenter.io/discovery-tag-owner=demo, which Kafkarpenter had"
            + " written");
    }

    @Test
    void aWriteAwsRefusedIsRecordedOnceUntilItsErrorChangesOrItIsWritten() {
        DiscoveryPlan plan = plan(Map.of(), Map.of(KEY, C), Map.of(KEY, C), true);
        ResourceVerdict cluster = plan.changes().get(0);
        Outcome refused = new Outcome(cluster, cluster.change().orElseThrow(), Result.FAILED, "AccessDeniedException: no");

        assertThat(records.forOutcome(refused, KEY, C)).singleElement().satisfies(p -> {
            assertThat(p.why().reason()).isEqualTo(Reason.DISCOVERY_TAG_REFUSED);
            assertThat(p.why().text()).startsWith("EKSCluster demo: AWS refused to add karpenter.sh/discovery=demo")
                .endsWith(": AccessDeniedException: no");
        });
        assertThat(records.forOutcome(refused, KEY, C)).as("same error, next pass").isEmpty();
        assertThat(records.forOutcome(outcome(cluster, Result.WRITTEN), KEY, C)).hasSize(1);
        assertThat(records.forOutcome(refused, KEY, C)).as("refused again after a success").hasSize(1);
    }

    @Test
    void aConflictIsRecordedWhenFirstSeenAndWhenItChangesNotEveryPass() {
        DiscoveryPlan other = plan(Map.of(KEY, C), Map.of(KEY, "other"), Map.of(KEY, C), true);

        List<DiscoveryRecords.Pending> first = records.forPlan(other);
        assertThat(first).singleElement().satisfies(p -> {
            assertThat(p.why().reason()).isEqualTo(Reason.DISCOVERY_TAG_CONFLICT);
            assertThat(p.why().text()).isEqualTo(
                "Subnet subnet-1: karpenter.sh/discovery holds \"other\", not this cluster's value; left unchanged");
            assertThat(p.key()).isEqualTo("tags/subnet-1");
        });
        assertThat(records.forPlan(other)).as("same conflict, next pass").isEmpty();

        DiscoveryPlan third = plan(Map.of(KEY, C), Map.of(KEY, "third"), Map.of(KEY, C), true);
        assertThat(records.forPlan(third)).as("changed value").hasSize(1);

        assertThat(records.forPlan(plan(Map.of(KEY, C), Map.of(KEY, C), Map.of(KEY, C), true))).isEmpty();
        assertThat(records.forPlan(third)).as("cleared, then back").hasSize(1);
    }

    @Test
    void anotherClustersMarkerIsRecordedAsAConflictOnTheMarker() {
        DiscoveryPlan plan = plan(Map.of(KEY, C), Map.of(MARKER, "other"), Map.of(KEY, C), true);

        assertThat(records.forPlan(plan)).singleElement().extracting(p -> p.why().text()).isEqualTo(
            "Subnet subnet-1: kafkarpenter.io/discovery-tag-owner holds \"other\", not this cluster's value;"
                + " left unchanged");
    }

    @Test
    void dryRunIsOneRecordPerWouldBeChangeUntilItChangesOrClears() {
        DiscoveryPlan plan = plan(Map.of(), Map.of(KEY, C), Map.of(KEY, C), true);
        ResourceVerdict cluster = plan.find(DiscoveryResourceType.CLUSTER, C).orElseThrow();

        List<DiscoveryRecords.Pending> first = records.forOutcome(outcome(cluster, Result.DRY_RUN), KEY, C);
        assertThat(first).singleElement().satisfies(p -> {
            assertThat(p.why().reason()).isEqualTo(Reason.DISCOVERY_TAG_DRY_RUN);
            assertThat(p.why().text()).isEqualTo("dry run: would add karpenter.sh/discovery=demo,"
                + " kafkarpenter.io/discovery-tag-owner=demo on EKSCluster demo");
        });
        records.forPlan(plan);
        assertThat(records.forOutcome(outcome(cluster, Result.DRY_RUN), KEY, C)).as("next pass").isEmpty();

        records.forPlan(plan(Map.of(KEY, C), Map.of(KEY, C), Map.of(KEY, C), true)); // done by someone: cleared
        assertThat(records.forOutcome(outcome(cluster, Result.DRY_RUN), KEY, C)).hasSize(1);
    }

    private static Outcome outcome(ResourceVerdict r, Result result) {
        return new Outcome(r, r.change().orElseThrow(), result, null);
    }

    /** Cluster, one private subnet, one group that is the cluster SG when {@code groupSelected}. */
    private DiscoveryPlan plan(Map<String, String> clusterTags, Map<String, String> subnetTags,
                               Map<String, String> groupTags, boolean groupSelected) {
        DiscoveryInventory inventory = new DiscoveryInventory(
            new DiscoveryInventory.Cluster(C, "arn:aws:eks:us-east-1:1:cluster/demo", clusterTags),
            List.of(new DiscoveryInventory.Subnet("subnet-1", "us-east-1a", false, subnetTags, true)),
            List.of(new DiscoveryInventory.SecurityGroup("sg-1", "g", groupTags, groupSelected)));
        return planner.plan(inventory, DiscoverySelection.defaults());
    }
}
