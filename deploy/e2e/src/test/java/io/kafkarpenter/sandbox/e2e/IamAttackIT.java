package io.kafkarpenter.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.sandbox.ec2.Ec2SimulatorConfig;
import io.kafkarpenter.sandbox.ec2.RecordedRequest;
import io.kafkarpenter.sandbox.iam.AuthorizationRequest;
import io.kafkarpenter.sandbox.iam.IamConfig;
import io.kafkarpenter.sandbox.iam.IamEvaluator;
import io.kafkarpenter.sandbox.iam.IamPolicy;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateFleetRequest;
import software.amazon.awssdk.services.ec2.model.DefaultTargetCapacityType;
import software.amazon.awssdk.services.ec2.model.FleetLaunchTemplateConfigRequest;
import software.amazon.awssdk.services.ec2.model.FleetType;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The IAM boundary, attacked with the real AWS SDK: each service's access key against the EC2 simulator enforcing
 * the real deploy/iam files, calling EC2 directly — the services' own checks (the launcher's ownership test, the
 * tag-reconciler's refusal of foreign instances) are not in the way. Every denial is checked to have had no effect,
 * and each attack has an allowed twin, so a policy that denied everything would fail here too. No sandbox: one
 * simulator in this JVM, seconds. (No usage is recorded: coverage counts what the services themselves needed.)
 */
class IamAttackIT {

    private static final String CLUSTER = "attack";
    private static final String OWNED = "kubernetes.io/cluster/" + CLUSTER;
    private static final String NODEPOOL = "karpenter.sh/nodepool";
    private static Ec2Simulator sim;
    private static Ec2Client admin;

    @BeforeAll
    static void start() {
        Path iam = Path.of(System.getProperty("kk.home", "../..")).toAbsolutePath().normalize().resolve("deploy/iam");
        IamConfig.Builder config = IamConfig.builder().enforce(true).adminKey(Sandbox.ADMIN_ACCESS_KEY);
        for (String service : List.of("provisioner", "launcher", "consolidator", "tag-reconciler")) {
            config.policy(Sandbox.accessKeyId(service), iam.resolve(service + ".json"));
        }
        sim = Ec2Simulator.start(Ec2SimulatorConfig.builder().clusterName(CLUSTER).instantTransitions()
            .iam(config.build()).build());
        admin = client(Sandbox.ADMIN_ACCESS_KEY);
    }

    @AfterAll
    static void stop() {
        admin.close();
        sim.close();
    }

    @Test
    void theLaunchersKeyCannotTerminateAnInstanceWithoutBothOwnershipTagsOnlyOneWithThem() {
        String untagged = launch(Map.of());
        String noNodePool = launch(Map.of(OWNED, "owned"));
        String otherCluster = launch(Map.of("kubernetes.io/cluster/other", "owned", NODEPOOL, "default"));
        String owned = launch(Map.of(OWNED, "owned", NODEPOOL, "default"));
        try (Ec2Client launcher = client(Sandbox.accessKeyId("launcher"))) {
            for (String victim : List.of(untagged, noNodePool, otherCluster)) {
                assertUnauthorized(() -> launcher.terminateInstances(r -> r.instanceIds(victim)), "ec2:TerminateInstances");
                assertThat(state(victim)).as(victim + " keeps running").isEqualTo("running");
            }
            // nor can it make one look owned: CreateTags only as part of its own launches
            assertUnauthorized(() -> launcher.createTags(r -> r.resources(untagged)
                .tags(tag(OWNED, "owned"), tag(NODEPOOL, "default"))), "ec2:CreateTags");
            assertThat(sim.tags(untagged)).doesNotContainKeys(OWNED, NODEPOOL);

            launcher.terminateInstances(r -> r.instanceIds(owned));
            assertThat(state(owned)).isIn("shutting-down", "terminated");
        }
    }

    @Test
    void theTagReconcilersKeyCannotWriteAnInstanceTagOutsideItsThreeKeys() {
        String owned = launch(Map.of(OWNED, "owned", NODEPOOL, "default"));
        String foreign = launch(Map.of(NODEPOOL, "default"));
        try (Ec2Client tagReconciler = client(Sandbox.accessKeyId("tag-reconciler"))) {
            for (Tag forbidden : List.of(tag("team", "x"), tag(OWNED, "owned"), tag(NODEPOOL, "other"),
                tag("eks:eks-cluster-name", "other"))) {
                assertUnauthorized(() -> tagReconciler.createTags(r -> r.resources(owned).tags(tag("Name", "n"), forbidden)),
                    "ec2:CreateTags");
            }
            assertThat(sim.tags(owned)).containsOnly(Map.entry(OWNED, "owned"), Map.entry(NODEPOOL, "default"));
            // an instance this cluster did not launch: not even its allowed keys
            assertUnauthorized(() -> tagReconciler.createTags(r -> r.resources(foreign).tags(tag("Name", "n"))),
                "ec2:CreateTags");
            assertUnauthorized(() -> tagReconciler.terminateInstances(r -> r.instanceIds(owned)), "ec2:TerminateInstances");

            tagReconciler.createTags(r -> r.resources(owned).tags(tag("Name", "ip-10-0-1-1.ec2.internal"),
                tag("karpenter.sh/nodeclaim", "default-abcde"), tag("eks:eks-cluster-name", CLUSTER)));
            assertThat(sim.tags(owned)).containsEntry("Name", "ip-10-0-1-1.ec2.internal");
        }
    }

    @Test
    void theProvisionersAndTheConsolidatorsKeysCanNeitherLaunchNorTerminate() {
        // (RunInstances: noServicesKeyMayRunInstancesEvenWithThisClustersTags)
        String owned = launch(Map.of(OWNED, "owned", NODEPOOL, "default"));
        String template = template(Map.of(OWNED, "owned", NODEPOOL, "default"));
        int instances = sim.instances().size();
        for (String service : List.of("provisioner", "consolidator")) {
            try (Ec2Client key = client(Sandbox.accessKeyId(service))) {
                assertUnauthorized(() -> key.createFleet(fleet(template, launchTags())), "ec2:CreateFleet");
                assertUnauthorized(() -> key.createLaunchTemplate(r -> r.launchTemplateName("x-" + UUID.randomUUID())
                    .launchTemplateData(d -> d.imageId(image()))), "ec2:CreateLaunchTemplate");
                assertUnauthorized(() -> key.terminateInstances(r -> r.instanceIds(owned)), "ec2:TerminateInstances");
                // what they are for
                assertThat(key.describeInstanceTypes(r -> r.maxResults(5)).instanceTypes()).isNotEmpty();
            }
        }
        assertThat(sim.instances()).as("nothing launched").hasSize(instances);
        assertThat(state(owned)).isEqualTo("running");
    }

    @Test
    void noServicesKeyMayRunInstancesEvenWithThisClustersTags() {
        // the simulator does not serve RunInstances (Kafkarpenter launches with CreateFleet only; it answers
        // InvalidAction before authorizing), so the policies' decision is asked of its evaluator directly
        Map<String, List<String>> context = new LinkedHashMap<>();
        launchTags().forEach((k, v) -> context.put("aws:RequestTag/" + k, List.of(v)));
        context.put("aws:TagKeys", List.copyOf(launchTags().keySet()));
        context.put("aws:RequestedRegion", List.of("us-east-1"));
        for (String service : List.of("provisioner", "launcher", "consolidator", "tag-reconciler")) {
            IamPolicy policy = IamCoverageIT.policy(service, CLUSTER);
            for (String resource : List.of("arn:aws:ec2:us-east-1:123456789012:instance/*", "*")) {
                assertThat(IamEvaluator.decide(policy, new AuthorizationRequest("ec2:RunInstances", resource, context))
                    .allowed()).as(service + " RunInstances on " + resource).isFalse();
            }
        }
    }

    @Test
    void theLaunchersKeyLaunchesOnlyWhatItTagsAsThisClustersFromThisClustersTemplates() {
        String ownTemplate = template(Map.of(OWNED, "owned", NODEPOOL, "default"));
        String foreignTemplate = template(Map.of("team", "x"));
        int instances = sim.instances().size();
        try (Ec2Client launcher = client(Sandbox.accessKeyId("launcher"))) {
            Map<String, String> untagged = Map.of(NODEPOOL, "default");
            assertUnauthorized(() -> launcher.createFleet(fleet(ownTemplate, untagged)), "ec2:CreateFleet");
            assertUnauthorized(() -> launcher.createFleet(fleet(foreignTemplate, launchTags())), "ec2:CreateFleet");
            assertThat(sim.instances()).hasSize(instances);

            assertThat(launcher.createFleet(fleet(ownTemplate, launchTags())).instances()).hasSize(1);
        }
    }

    @Test
    void aKeyWithoutAPolicyIsNotAnIdentity() {
        for (String key : List.of(Sandbox.accessKeyId("pod-watcher"), "kafkarpenter", "AKIA-unknown")) {
            try (Ec2Client nobody = client(key)) {
                AwsServiceException e = catchThrowableOfType(AwsServiceException.class,
                    () -> nobody.describeInstances());
                assertThat(e).as(key).isNotNull();
                assertThat(e.statusCode()).isEqualTo(401);
                // the JDK's URLConnection drops a 401's body, so the SDK sees no error code: the simulator's log has it
                assertThat(sim.requests("DescribeInstances")).last().extracting(RecordedRequest::errorCode)
                    .isEqualTo("AuthFailure");
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static Ec2Client client(String accessKeyId) {
        return Ec2Client.builder().region(Region.US_EAST_1).endpointOverride(sim.endpoint())
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, "secret")))
            .httpClient(UrlConnectionHttpClient.create()).build();
    }

    private static void assertUnauthorized(Executable call, String action) {
        SdkException thrown = catchThrowableOfType(SdkException.class, call::execute);
        assertThat(thrown).as("expected " + action + " to be denied").isInstanceOf(AwsServiceException.class);
        AwsServiceException e = (AwsServiceException) thrown;
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnauthorizedOperation");
        assertThat(e.statusCode()).isEqualTo(403);
        assertThat(e.awsErrorDetails().errorMessage()).contains("is not authorized to perform: " + action);
    }

    private static Map<String, String> launchTags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(OWNED, "owned");
        tags.put(NODEPOOL, "default");
        tags.put("eks:eks-cluster-name", CLUSTER);
        return tags;
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    private static String image() {
        return sim.imageId("amazon-eks-node-al2023-x86_64-standard-*").orElseThrow();
    }

    /** A launch template made by the admin, with these tags. */
    private static String template(Map<String, String> tags) {
        String name = "attack-" + UUID.randomUUID().toString().substring(0, 8);
        admin.createLaunchTemplate(r -> r.launchTemplateName(name)
            .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.LAUNCH_TEMPLATE)
                .tags(tags.entrySet().stream().map(e -> tag(e.getKey(), e.getValue())).toList()).build())
            .launchTemplateData(d -> d.imageId(image()).securityGroupIds(sim.clusterSecurityGroupId())));
        return name;
    }

    private static CreateFleetRequest fleet(String template, Map<String, String> tags) {
        List<Tag> list = tags.entrySet().stream().map(e -> tag(e.getKey(), e.getValue())).toList();
        return CreateFleetRequest.builder().type(FleetType.INSTANT)
            .launchTemplateConfigs(FleetLaunchTemplateConfigRequest.builder()
                .launchTemplateSpecification(s -> s.launchTemplateName(template).version("$Latest"))
                .overrides(o -> o.instanceType("m5.large").subnetId(sim.privateSubnetIdsByZone().get("us-east-1a"))
                    .availabilityZone("us-east-1a")).build())
            .targetCapacitySpecification(t -> t.totalTargetCapacity(1)
                .defaultTargetCapacityType(DefaultTargetCapacityType.ON_DEMAND))
            .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(list).build(),
                TagSpecification.builder().resourceType(ResourceType.VOLUME).tags(list).build(),
                TagSpecification.builder().resourceType(ResourceType.FLEET).tags(list).build())
            .build();
    }

    /** An instance launched by the admin with exactly these tags. */
    private static String launch(Map<String, String> tags) {
        String template = template(Map.of());
        List<Tag> list = tags.entrySet().stream().map(e -> tag(e.getKey(), e.getValue())).toList();
        CreateFleetRequest.Builder request = fleet(template, Map.of()).toBuilder();
        request.tagSpecifications(list.isEmpty() ? List.of()
            : List.of(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(list).build()));
        return admin.createFleet(request.build()).instances().get(0).instanceIds().get(0);
    }

    private static String state(String instanceId) {
        return sim.instance(instanceId).orElseThrow().state();
    }
}
