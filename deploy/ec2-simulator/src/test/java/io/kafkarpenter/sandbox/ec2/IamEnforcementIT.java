package io.kafkarpenter.sandbox.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkarpenter.sandbox.iam.IamConfig;
import io.kafkarpenter.sandbox.iam.IamUsage;
import io.kafkarpenter.sandbox.iam.StatementRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.CreateFleetResponse;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * Per-caller IAM policies enforced by the simulator, with the real SDK: Karpenter-like test policies
 * ({@code src/test/resources/iam}) for a launcher, a tagger and a read-only caller; {@code AKIDEXAMPLE} (the fixture's
 * own clients) is the admin that sets the scene.
 */
class IamEnforcementIT {
    private static final String CLUSTER = SimulatedEc2.CLUSTER;
    private static final String NODE_ROLE = "KarpenterNodeRole-" + CLUSTER;
    private static final String NODE_PROFILE = CLUSTER + "_node";
    private static final String OTHER_PROFILE = CLUSTER + "_other";
    private static final String OWNED_TEMPLATE = "owned-template";
    private static final Path POLICIES = Path.of("src/test/resources/iam");

    @TempDir
    Path usageDir;
    private SimulatedEc2 sim;
    private Ec2Client launcher;
    private Ec2Client tagger;
    private Ec2Client reader;

    @BeforeEach
    void start() {
        sim = SimulatedEc2.start(c -> c.nodeRoles(List.of(NODE_ROLE, "OtherRole")).iam(IamConfig.builder()
                .policy("launcher", POLICIES.resolve("launcher.json"))
                .policy("tagger", POLICIES.resolve("tagger.json"))
                .policy("reader", POLICIES.resolve("reader.json"))
                .adminKey(SimulatedEc2.ADMIN_KEY)
                .usageDir(usageDir)
                .build()));
        launcher = sim.ec2As("launcher");
        tagger = sim.ec2As("tagger");
        reader = sim.ec2As("reader");
        sim.iam().createInstanceProfile(r -> r.instanceProfileName(NODE_PROFILE));
        sim.iam().addRoleToInstanceProfile(r -> r.instanceProfileName(NODE_PROFILE).roleName(NODE_ROLE));
        sim.iam().createInstanceProfile(r -> r.instanceProfileName(OTHER_PROFILE));
        sim.iam().addRoleToInstanceProfile(r -> r.instanceProfileName(OTHER_PROFILE).roleName("OtherRole"));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private static Map<String, String> ownedTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("kubernetes.io/cluster/" + CLUSTER, "owned");
        tags.put("karpenter.sh/nodepool", "default");
        tags.put("eks:eks-cluster-name", CLUSTER);
        return tags;
    }

    private static Map<String, String> without(Map<String, String> tags, String key) {
        Map<String, String> copy = new LinkedHashMap<>(tags);
        copy.remove(key);
        return copy;
    }

    private static List<Tag> tags(Map<String, String> tags) {
        return tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
    }

    private static TagSpecification spec(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(tags(tags)).build();
    }

    private String createTemplate(Ec2Client as, String name, Map<String, String> tags, String profile) {
        return as.createLaunchTemplate(r -> r.launchTemplateName(name)
                .launchTemplateData(d -> d.imageId(sim.amd64Image()).securityGroupIds(sim.nodeSecurityGroup())
                        .iamInstanceProfile(p -> p.name(profile)))
                .tagSpecifications(spec(ResourceType.LAUNCH_TEMPLATE, tags))).launchTemplate().launchTemplateId();
    }

    private CreateFleetRequest fleet(String template, Map<String, String> instanceTags, Map<String, String> volumeTags) {
        return CreateFleetRequest.builder().type(FleetType.INSTANT)
                .launchTemplateConfigs(FleetLaunchTemplateConfigRequest.builder()
                        .launchTemplateSpecification(s -> s.launchTemplateName(template).version("$Latest"))
                        .overrides(sim.override("m5.large", "us-east-1a")).build())
                .targetCapacitySpecification(t -> t.totalTargetCapacity(1).defaultTargetCapacityType(DefaultTargetCapacityType.ON_DEMAND))
                .tagSpecifications(spec(ResourceType.INSTANCE, instanceTags), spec(ResourceType.VOLUME, volumeTags),
                        spec(ResourceType.FLEET, ownedTags()))
                .build();
    }

    private static String launchedId(CreateFleetResponse response) {
        assertThat(response.errors()).isEmpty();
        return response.instances().get(0).instanceIds().get(0);
    }

    /** An instance launched by the admin with exactly these tags. */
    private String adminInstance(Map<String, String> tags) {
        if (sim.simulator.launchTemplateNames().stream().noneMatch("admin-template"::equals)) {
            createTemplate(sim.ec2, "admin-template", Map.of("purpose", "test"), NODE_PROFILE);
        }
        return launchedId(sim.ec2.createFleet(fleet("admin-template", tags, tags).toBuilder()
                .tagSpecifications(spec(ResourceType.INSTANCE, tags.isEmpty() ? Map.of("x", "y") : tags)).build()));
    }

    private static void assertUnauthorized(Runnable call, String action, String resource) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(Ec2Exception.class, e -> {
            assertThat(e.statusCode()).isEqualTo(403);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
            assertThat(e.awsErrorDetails().errorMessage()).startsWith("You are not authorized to perform this operation. User: "
                    + "arn:aws:sts::123456789012:assumed-role/").contains("is not authorized to perform: " + action
                    + " on resource: " + resource + " because no identity-based policy allows the " + action + " action");
        });
    }

    @Test
    void theLauncherLaunchesWithItsRequestTagsAndAnOwnedTemplate() throws Exception {
        createTemplate(launcher, OWNED_TEMPLATE, ownedTags(), NODE_PROFILE);

        String id = launchedId(launcher.createFleet(fleet(OWNED_TEMPLATE, ownedTags(), ownedTags())));

        assertThat(sim.simulator.instance(id)).hasValueSatisfying(i -> assertThat(i.tags()).containsAllEntriesOf(ownedTags()));
        List<StatementRef> expected = List.of(
                new StatementRef("launcher", "AllowScopedEC2InstanceActionsWithTags"),
                new StatementRef("launcher", "AllowScopedResourceCreationTagging"),
                new StatementRef("launcher", "AllowScopedEC2LaunchTemplateAccessActions"),
                new StatementRef("launcher", "AllowScopedEC2InstanceAccessActions"),
                new StatementRef("launcher", "AllowPassingInstanceRole"));
        assertThat(sim.simulator.iamUsage()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(IamUsage.read(usageDir)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(Files.readAllLines(sim.simulator.iamUsageFile())).containsExactlyInAnyOrder(
                "launcher\tAllowScopedEC2InstanceActionsWithTags", "launcher\tAllowScopedResourceCreationTagging",
                "launcher\tAllowScopedEC2LaunchTemplateAccessActions", "launcher\tAllowScopedEC2InstanceAccessActions",
                "launcher\tAllowPassingInstanceRole");
    }

    @Test
    void aMissingRequestTagDeniesTheLaunchAndNothingIsCreated() {
        createTemplate(launcher, OWNED_TEMPLATE, ownedTags(), NODE_PROFILE);
        int fleetsBefore = sim.simulator.requests("CreateFleet").size();

        assertUnauthorized(() -> launcher.createFleet(fleet(OWNED_TEMPLATE, without(ownedTags(), "karpenter.sh/nodepool"), ownedTags())),
                "ec2:CreateFleet", "arn:aws:ec2:us-east-1:123456789012:instance/*");
        assertUnauthorized(() -> launcher.createFleet(fleet(OWNED_TEMPLATE, ownedTags(), Map.of("team", "x"))),
                "ec2:CreateFleet", "arn:aws:ec2:us-east-1:123456789012:volume/*");

        assertThat(sim.simulator.instances()).isEmpty();
        assertThat(sim.simulator.requests("CreateFleet")).hasSize(fleetsBefore + 2)
                .allSatisfy(r -> assertThat(r.errorCode()).isEqualTo("UnauthorizedOperation"));
        assertThat(sim.simulator.iamUsage()).as("a denied call uses no statement")
                .doesNotContain(new StatementRef("launcher", "AllowScopedEC2LaunchTemplateAccessActions"));
    }

    @Test
    void aTemplateWithoutTheOwnershipTagCannotBeLaunchedFrom() {
        String templateId = createTemplate(sim.ec2, "foreign", Map.of("karpenter.sh/nodepool", "default"), NODE_PROFILE);

        assertUnauthorized(() -> launcher.createFleet(fleet("foreign", ownedTags(), ownedTags())),
                "ec2:CreateFleet", "arn:aws:ec2:us-east-1:123456789012:launch-template/" + templateId);
        assertThat(sim.simulator.instances()).isEmpty();
    }

    @Test
    void passingARoleOutsideThePolicyIsDenied() {
        createTemplate(launcher, "other-role-template", ownedTags(), OTHER_PROFILE);

        assertUnauthorized(() -> launcher.createFleet(fleet("other-role-template", ownedTags(), ownedTags())),
                "iam:PassRole", "arn:aws:iam::123456789012:role/OtherRole");
        assertThat(sim.simulator.instances()).isEmpty();
    }

    @Test
    void addingARoleOutsideThePolicyToAProfileIsDenied() {
        List<software.amazon.awssdk.services.iam.model.Tag> profileTags = new ArrayList<>();
        Map.of("kubernetes.io/cluster/" + CLUSTER, "owned", "topology.kubernetes.io/region", "us-east-1",
                "karpenter.k8s.aws/ec2nodeclass", "default").forEach((k, v) ->
                profileTags.add(software.amazon.awssdk.services.iam.model.Tag.builder().key(k).value(v).build()));
        var iam = sim.iamAs("tagger");
        iam.createInstanceProfile(r -> r.instanceProfileName("scoped").tags(profileTags));
        iam.addRoleToInstanceProfile(r -> r.instanceProfileName("scoped").roleName(NODE_ROLE));
        iam.removeRoleFromInstanceProfile(r -> r.instanceProfileName("scoped").roleName(NODE_ROLE));

        assertThatThrownBy(() -> iam.addRoleToInstanceProfile(r -> r.instanceProfileName("scoped").roleName("OtherRole")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:sts::123456789012:assumed-role/tagger/tagger"
                            + " is not authorized to perform: iam:PassRole on resource: arn:aws:iam::123456789012:role/OtherRole"
                            + " because no identity-based policy allows the iam:PassRole action");
                });
        assertThat(sim.simulator.instanceProfile("scoped")).hasValueSatisfying(p -> assertThat(p.roles()).isEmpty());
        assertThatThrownBy(() -> iam.createInstanceProfile(r -> r.instanceProfileName("untagged")))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("iam:CreateInstanceProfile on resource: arn:aws:iam::123456789012:instance-profile/untagged"));
        assertThat(sim.simulator.instanceProfile("untagged")).isEmpty();
    }

    @Test
    void theLauncherTerminatesOnlyInstancesItsClusterOwnsInANodePool() {
        String owned = adminInstance(ownedTags());
        String foreign = adminInstance(without(ownedTags(), "kubernetes.io/cluster/" + CLUSTER));
        String unpooled = adminInstance(without(ownedTags(), "karpenter.sh/nodepool"));

        assertUnauthorized(() -> launcher.terminateInstances(r -> r.instanceIds(foreign)),
                "ec2:TerminateInstances", "arn:aws:ec2:us-east-1:123456789012:instance/" + foreign);
        assertUnauthorized(() -> launcher.terminateInstances(r -> r.instanceIds(unpooled)),
                "ec2:TerminateInstances", "arn:aws:ec2:us-east-1:123456789012:instance/" + unpooled);
        assertUnauthorized(() -> launcher.terminateInstances(r -> r.instanceIds(owned, foreign)),
                "ec2:TerminateInstances", "arn:aws:ec2:us-east-1:123456789012:instance/" + foreign);
        sim.clock.advance(java.time.Duration.ofSeconds(30));
        for (String id : List.of(owned, foreign, unpooled)) {
            assertThat(sim.simulator.instance(id)).as(id).hasValueSatisfying(i -> assertThat(i.state()).isEqualTo("running"));
        }

        launcher.terminateInstances(r -> r.instanceIds(owned));
        assertThat(sim.simulator.instance(owned)).hasValueSatisfying(i -> assertThat(i.state()).isEqualTo("shutting-down"));
        sim.ec2.terminateInstances(r -> r.instanceIds(foreign, unpooled));
        assertThat(sim.simulator.instance(foreign)).as("the admin may").hasValueSatisfying(i -> assertThat(i.state()).isEqualTo("shutting-down"));
    }

    @Test
    void theTaggerMayOnlySetItsOwnKeysOnOwnedInstances() {
        String owned = adminInstance(ownedTags());

        tagger.createTags(r -> r.resources(owned).tags(Tag.builder().key("Name").value("node-1").build(),
                Tag.builder().key("karpenter.sh/nodeclaim").value("default-abc").build()));
        assertUnauthorized(() -> tagger.createTags(r -> r.resources(owned).tags(Tag.builder().key("Name").value("x").build(),
                        Tag.builder().key("karpenter.sh/nodepool").value("stolen").build())),
                "ec2:CreateTags", "arn:aws:ec2:us-east-1:123456789012:instance/" + owned);
        assertUnauthorized(() -> tagger.createTags(r -> r.resources(owned).tags(Tag.builder().key("eks:eks-cluster-name").value("other").build())),
                "ec2:CreateTags", "arn:aws:ec2:us-east-1:123456789012:instance/" + owned);

        assertThat(sim.simulator.tags(owned)).containsEntry("Name", "node-1").containsEntry("karpenter.sh/nodeclaim", "default-abc")
                .containsEntry("karpenter.sh/nodepool", "default").doesNotContainEntry("Name", "x");
        assertThat(sim.simulator.iamUsage()).contains(new StatementRef("tagger", "AllowScopedResourceTagging"));
    }

    @Test
    void aReadOnlyCallerDescribesButCannotLaunchOrTerminate() {
        String owned = adminInstance(ownedTags());

        assertThat(reader.describeInstances().reservations()).hasSize(1);
        assertUnauthorized(() -> reader.createFleet(fleet("admin-template", ownedTags(), ownedTags())),
                "ec2:CreateFleet", "arn:aws:ec2:us-east-1:123456789012:fleet/*");
        assertThatThrownBy(() -> reader.terminateInstances(r -> r.instanceIds(owned)))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorMessage()).endsWith(
                        "is not authorized to perform: ec2:TerminateInstances on resource: arn:aws:ec2:us-east-1:123456789012:instance/"
                                + owned + " with an explicit deny in an identity-based policy"));
        assertThat(sim.simulator.instances()).hasSize(1);
        assertThat(sim.simulator.iamUsage()).containsExactly(new StatementRef("reader", "AllowRegionalReadActions"));
    }

    @Test
    void dryRunAnswersWhetherTheCallWouldBeAuthorized() {
        String owned = adminInstance(ownedTags());
        assertThatThrownBy(() -> launcher.terminateInstances(r -> r.instanceIds(owned).dryRun(true)))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DryRunOperation"));
        assertThatThrownBy(() -> reader.terminateInstances(r -> r.instanceIds(owned).dryRun(true)))
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation"));
    }

    @Test
    void eksTaggingIsLimitedToTheOwnCluster() {
        var eks = sim.eksAs("tagger");
        eks.tagResource(r -> r.resourceArn(sim.simulator.clusterArn()).tags(Map.of("karpenter.sh/discovery", CLUSTER)));
        assertThat(sim.simulator.tags(sim.simulator.clusterArn())).containsEntry("karpenter.sh/discovery", CLUSTER);

        String other = "arn:aws:eks:us-east-1:123456789012:cluster/other";
        assertThatThrownBy(() -> eks.tagResource(r -> r.resourceArn(other).tags(Map.of("karpenter.sh/discovery", CLUSTER))))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("eks:TagResource on resource: " + other);
                });
        assertThatThrownBy(() -> sim.eksAs("reader").describeCluster(r -> r.name(CLUSTER)))
                .isInstanceOfSatisfying(AwsServiceException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
    }

    @Test
    void anUnknownKeyIsRejectedByEveryService() {
        assertThatThrownBy(() -> sim.ec2As("stranger").describeInstances())
                .isInstanceOfSatisfying(Ec2Exception.class, e -> assertThat(e.statusCode()).isEqualTo(401));
        // the JDK's HttpURLConnection (the SDK's url-connection-client) drops the body of a 401 to a streamed POST, so
        // the SDK cannot show the code; the simulator's log has it
        assertThat(sim.simulator.requests("DescribeInstances")).extracting(RecordedRequest::errorCode).containsExactly("AuthFailure");
        assertThatThrownBy(() -> sim.iamAs("stranger").getInstanceProfile(r -> r.instanceProfileName(NODE_PROFILE)))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidClientTokenId");
                });
        assertThatThrownBy(() -> sim.eksAs("stranger").describeCluster(r -> r.name(CLUSTER)))
                .isInstanceOfSatisfying(AwsServiceException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                });
    }

    @Test
    void theAdminKeyMayDoAnythingAndRecordsNothing() {
        String untagged = adminInstance(Map.of());
        sim.ec2.createTags(r -> r.resources(untagged).tags(Tag.builder().key("anything").value("goes").build()));
        sim.ec2.terminateInstances(r -> r.instanceIds(untagged));
        sim.eks().tagResource(r -> r.resourceArn(sim.simulator.clusterArn()).tags(Map.of("k", "v")));

        assertThat(sim.simulator.instance(untagged)).hasValueSatisfying(i -> assertThat(i.state()).isEqualTo("shutting-down"));
        assertThat(sim.simulator.iamUsage()).isEmpty();
        assertThat(IamUsage.read(usageDir)).isEmpty();
    }
}
