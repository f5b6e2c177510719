package io.kafkarpenter.tagreconciler.discovery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.kafkarpenter.model.crd.AwsTagKeys;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.reasons.Reason;
import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.tagreconciler.TagReconcilerConfig;
import io.kafkarpenter.tagreconciler.TagReconcilerDecisions;
import io.kafkarpenter.tagreconciler.aws.AwsApis;
import io.kafkarpenter.testing.KafkaTestClient;
import io.kafkarpenter.testing.WithKafka;
import io.kafkarpenter.testing.kube.WithKubeStandin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The discovery tags kept correct, against the real broker and the simulator's untagged workshop layout: tests in
 * order on one simulator, each calling {@link DiscoveryTagReconciler#reconcile()} directly (a pass of the loop may
 * run as well; assertions are on AWS state and kk.decisions, which do not depend on who ran the pass).
 */
@QuarkusTest
@WithKubeStandin(service = "tag-reconciler")
@WithKafka(service = "tag-reconciler")
@QuarkusTestResource(value = UntaggedWorkshopResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiscoveryTagsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String KEY = AwsTagKeys.DISCOVERY;
    private static final String MARKER = AwsTagKeys.DISCOVERY_MARKER;
    private static KafkaTestClient kafka;
    private static final Instant STARTED = Instant.now();

    @Inject
    DiscoveryTagReconciler reconciler;
    @Inject
    TagReconcilerConfig config;
    @Inject
    TagReconcilerDecisions decisions;
    @Inject
    AwsApis aws;

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.forSharedBroker();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    @Order(1)
    void theUntaggedWorkshopGetsTheClusterItsPrivateSubnetsAndTheClusterGroupTaggedNotThePublicSubnets() {
        DiscoveryTagReconciler.Report report = reconciler.reconcile();

        assertThat(report.conflicts()).isEmpty();
        assertThat(reconciler.lastReport()).isEqualTo(report);
        assertThat(sim().tags(sim().clusterArn())).containsEntry(KEY, cluster()).containsEntry(MARKER, cluster());
        sim().privateSubnetIdsByZone().values().forEach(id ->
            assertThat(sim().tags(id)).containsEntry(KEY, cluster()).containsEntry(MARKER, cluster()));
        sim().publicSubnetIdsByZone().values().forEach(id -> assertThat(sim().tags(id)).doesNotContainKeys(KEY, MARKER));
        assertThat(sim().tags(sim().clusterSecurityGroupId())).containsEntry(KEY, cluster());
        assertThat(sim().publicSubnetIdsByZone()).hasSize(3);

        List<DecisionRecord> added = decisions().stream().filter(d -> d.reason() == Reason.DISCOVERY_TAG_ADDED)
            .toList();
        assertThat(added).extracting(d -> d.subjects().get(0).name()).containsExactlyInAnyOrder(cluster(),
            privateSubnet(0), privateSubnet(1), privateSubnet(2), sim().clusterSecurityGroupId());
        assertThat(added).allSatisfy(d -> assertThat(d.kind()).isEqualTo(DecisionKind.TAGGING));
        assertThat(decision(Reason.DISCOVERY_TAG_ADDED, privateSubnet(0)).message())
            .isEqualTo("Subnet " + privateSubnet(0) + ": added " + KEY + "=" + cluster());
        assertThat(reconciler.reconcile()).isEqualTo(new DiscoveryTagReconciler.Report(0, 0, 0, 0, List.of()));
    }

    @Test
    @Order(2)
    void aTagDeletedByHandIsRestored() {
        String subnet = privateSubnet(0);
        sim().deleteTag(subnet, KEY);
        sim().deleteTag(sim().clusterArn(), KEY);

        reconciler.reconcile();

        assertThat(sim().tags(subnet)).containsEntry(KEY, cluster());
        assertThat(sim().tags(sim().clusterArn())).containsEntry(KEY, cluster());
        assertThat(decision(Reason.DISCOVERY_TAG_RESTORED, subnet).message())
            .isEqualTo("Subnet " + subnet + ": restored " + KEY + "=" + cluster() + ", removed outside Kafkarpenter");
    }

    @Test
    @Order(3)
    void anotherClustersValueIsLeftAloneAndReportedOnce() {
        String subnet = privateSubnet(1);
        sim().putTag(subnet, KEY, "other-cluster");

        DiscoveryTagReconciler.Report report = reconciler.reconcile();
        reconciler.reconcile();

        assertThat(sim().tags(subnet)).containsEntry(KEY, "other-cluster");
        assertThat(report.conflicts()).singleElement().asString()
            .startsWith("subnet " + subnet + " (").contains(KEY + " holds \"other-cluster\"");
        assertThat(decision(Reason.DISCOVERY_TAG_CONFLICT, subnet).message()).as("once, not every pass").isEqualTo("Subnet " + subnet + ": "
            + KEY + " holds \"other-cluster\", not this cluster's value; left unchanged");
        given().get("/q/metrics").then().statusCode(200).body(org.hamcrest.Matchers.containsString(
            "kafkarpenter_tagreconciler_discovery_resources{resource_type=\"subnet\",state=\"conflict\"} 1.0"));

        sim().putTag(subnet, KEY, cluster()); // resolved by a person
        assertThat(reconciler.reconcile().conflicts()).isEmpty();
    }

    @Test
    @Order(4)
    void aTagThisServiceNeverWroteIsNeverDeleted() {
        String publicSubnet = sim().publicSubnetIdsByZone().values().iterator().next();
        sim().putTag(publicSubnet, KEY, cluster()); // tagged by a person: not selected (public), but theirs
        String userSubnet = privateSubnet(2);
        sim().deleteTag(userSubnet, MARKER); // as if a person had written its tag
        sim().removeSubnetFromCluster(userSubnet);

        reconciler.reconcile();

        assertThat(sim().tags(publicSubnet)).containsEntry(KEY, cluster());
        assertThat(sim().tags(userSubnet)).containsEntry(KEY, cluster()).doesNotContainKey(MARKER);
        sim().addSubnetToCluster(userSubnet);
        reconciler.reconcile();
        assertThat(sim().tags(userSubnet)).as("the person's tag, still not ours").doesNotContainKey(MARKER);
    }

    @Test
    @Order(5)
    void aSubnetRemovedFromTheClusterLosesOnlyTheTagThisServiceWrote() {
        String subnet = privateSubnet(0);
        sim().putTag(subnet, "team", "payments");
        sim().removeSubnetFromCluster(subnet);

        reconciler.reconcile();

        assertThat(sim().tags(subnet)).doesNotContainKeys(KEY, MARKER).containsEntry("team", "payments");
        assertThat(decision(Reason.DISCOVERY_TAG_REMOVED, subnet).message()).startsWith("Subnet " + subnet
            + " is no longer selected for the cluster: removed " + KEY + "=" + cluster() + ", " + MARKER + "="
            + cluster());

        sim().addSubnetToCluster(subnet);
        reconciler.reconcile();
        assertThat(sim().tags(subnet)).containsEntry(KEY, cluster()).containsEntry(MARKER, cluster());
    }

    @Test
    @Order(6)
    void dryRunReportsAndWritesNothing() {
        String group = sim().clusterSecurityGroupId();
        sim().deleteTag(group, KEY);
        sim().clearRequests();
        DiscoveryTagReconciler dryRun = new DiscoveryTagReconciler(dryRun(config), decisions, new SimpleMeterRegistry(),
            aws);
        try {
            DiscoveryTagReconciler.Report report = dryRun.reconcile();

            assertThat(report.wouldChange()).isEqualTo(1);
            assertThat(report.added() + report.restored() + report.removed()).isZero();
            assertThat(sim().tags(group)).doesNotContainKey(KEY);
            assertThat(sim().requests("CreateTags")).isEmpty();
            assertThat(decision(Reason.DISCOVERY_TAG_DRY_RUN, group).message())
                .isEqualTo("dry run: would restore " + KEY + "=" + cluster() + " on SecurityGroup " + group);
        } finally {
            dryRun.close();
        }
        reconciler.reconcile();
        assertThat(sim().tags(group)).containsEntry(KEY, cluster());
    }

    private static Ec2Simulator sim() {
        return UntaggedWorkshopResource.simulator;
    }

    private static String cluster() {
        return UntaggedWorkshopResource.cluster;
    }

    private static String privateSubnet(int index) {
        return List.copyOf(sim().privateSubnetIdsByZone().values()).get(index);
    }

    /**
     * The one record of {@code reason} about {@code subject} since the test class started. Every pass publishes and
     * waits for the broker before it returns (and passes are serialised), so one read after reconcile() sees it.
     */
    private static DecisionRecord decision(Reason reason, String subject) {
        List<DecisionRecord> found = decisions(reason, subject);
        assertThat(found).as("%s records about %s on %s", reason, subject, Topics.DECISIONS).hasSize(1);
        return found.get(0);
    }

    private static List<DecisionRecord> decisions(Reason reason, String subject) {
        return decisions().stream().filter(d -> d.reason() == reason && d.key().equals("tags/" + subject)
            && d.subjects().stream().anyMatch(s -> s.name().equals(subject))).toList();
    }

    /** This service's records on kk.decisions since the test class started. */
    private static List<DecisionRecord> decisions() {
        return kafka.readAll(Topics.DECISIONS, Duration.ofMillis(500)).stream()
            .filter(r -> r.value() != null && r.key() != null && r.key().startsWith("tags/"))
            .map(r -> EventJson.read(r.value(), DecisionRecord.class))
            .filter(d -> !d.at().isBefore(STARTED)).toList();
    }

    /** The same settings with {@code dry-run=true}. */
    private static TagReconcilerConfig dryRun(TagReconcilerConfig config) {
        return (TagReconcilerConfig) Proxy.newProxyInstance(TagReconcilerConfig.class.getClassLoader(),
            new Class<?>[] {TagReconcilerConfig.class}, (proxy, method, args) -> {
                if (method.getName().equals("dryRun")) {
                    return true;
                }
                try {
                    return method.invoke(config, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }
}
