package io.kafkarpenter.tagreconciler;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;


import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.model.crd.AwsTagKeys;
import io.kafkarpenter.model.crd.DriftHashes;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.crd.KarpenterManifests;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.crd.NodeClaimStatus;
import io.kafkarpenter.model.crd.SecurityGroupStatus;
import io.kafkarpenter.model.crd.SubnetStatus;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.kafkarpenter.model.events.Topics;
import io.kafkarpenter.model.events.fixtures.EventFixtures;
import io.kafkarpenter.sandbox.ec2.Ec2Simulator;
import io.kafkarpenter.sandbox.ec2.RecordedRequest;
import io.kafkarpenter.tagreconciler.instanceprofile.InstanceProfileNaming;
import io.kafkarpenter.testing.KafkaTestClient;
import io.kafkarpenter.testing.WithKafka;
import io.kafkarpenter.testing.aws.SimulatorIam;
import io.kafkarpenter.model.kubeevent.InvolvedObject;
import io.kafkarpenter.model.kubeevent.KarpenterEvents;
import io.kafkarpenter.model.kubeevent.KubeEvent;
import io.kafkarpenter.tagreconciler.nodeclass.NodeClassEvents;
import io.kafkarpenter.testing.kube.KubeEventLog;
import jakarta.inject.Inject;
import io.kafkarpenter.testing.kube.KubeAdmin;
import io.kafkarpenter.testing.kube.WithKubeStandin;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
import software.amazon.awssdk.services.iam.IamClient;

/**
 * The tag-reconciler against the real broker, the Kubernetes stand-in (deploy/kube-standin) and the EC2 simulator (EC2, EKS, IAM)
 * laid out as the workshop's account before its §1.7 (no discovery tags; discovery runs dry here, so the tests put the
 * tags by hand as the console would). One Quarkus app for all tests: node-class-period 2 s, instance-tag-interval 100 ms.
 */
@QuarkusTest
@WithKubeStandin(service = "tag-reconciler")
@WithKafka(service = "tag-reconciler")
@QuarkusTestResource(value = Ec2SimulatorTestResource.class, restrictToAnnotatedClass = false)
class TagReconcilerIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CLUSTER = "kafkarpenter";
    private static KafkaTestClient kafka;

    @KubeAdmin
    KubernetesClient client;
    @Inject
    NodeClassEvents kubeEvents;

    private final String run = UUID.randomUUID().toString().substring(0, 6);

    @BeforeAll
    static void connect() {
        kafka = KafkaTestClient.forSharedBroker();
    }

    @AfterAll
    static void disconnect() {
        kafka.close();
    }

    @Test
    void readinessIncludesKafkaAndMetricsAreServed() {
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/health/ready").then()
            .statusCode(200)
            .body("status", equalTo("UP"))
            .body("checks.name", hasItem(containsString("Kafka"))));
        given().get("/q/metrics").then().statusCode(200).body(containsString("kafkarpenter_tagreconciler_instances_queued"))
            .body(containsString("kafkarpenter_tagreconciler_nodeclasses_not_ready"));
    }

    /**
     * Every karpenter_* and kafkarpenter_* metric the running service exports is in deploy/metrics/metrics.txt for the
     * tag-reconciler with exactly that type and those labels (whatever the other tests have made it record by then;
     * presence of the list's metrics is checked end to end by DisruptionIT).
     */
    @Test
    void everyMetricServedIsTheListsWithItsTypeAndLabels() {
        String scrape = given().get("/q/metrics").then().statusCode(200).extract().asString();
        var exported = io.kafkarpenter.testing.metrics.MetricsCatalog.parse(scrape);

        assertThat(exported).isNotEmpty();
        assertThat(io.kafkarpenter.testing.metrics.MetricsCatalog.problems("tag-reconciler", exported, false)).isEmpty();
    }

    @Test
    void theWorkshopClassIsReadyOnceItsSubnetsAndGroupAreTaggedItsProfileIsReusedAndGoesWithTheClass() {
        Ec2Simulator sim = Ec2SimulatorTestResource.simulator;
        String name = "workshop-" + run;
        client.resource(workshopClass(name)).create();

        // untagged: not Ready, and the conditions say which selector matched nothing
        EC2NodeClass notReady = awaitClass(name, c -> "False".equals(condition(c, EC2NodeClassConditions.READY).getStatus()));
        Condition subnets = condition(notReady, EC2NodeClassConditions.SUBNETS_READY);
        assertThat(subnets.getReason()).isEqualTo(EC2NodeClassConditions.SUBNETS_NOT_FOUND);
        assertThat(subnets.getMessage()).contains("subnetSelectorTerms[0] {tags: karpenter.sh/discovery=" + CLUSTER + "}");
        assertThat(condition(notReady, EC2NodeClassConditions.SECURITY_GROUPS_READY).getReason())
            .isEqualTo(EC2NodeClassConditions.SECURITY_GROUPS_NOT_FOUND);
        assertThat(condition(notReady, EC2NodeClassConditions.AMIS_READY).getStatus()).isEqualTo("True");
        assertThat(condition(notReady, EC2NodeClassConditions.INSTANCE_PROFILE_READY).getStatus()).isEqualTo("True");
        assertThat(EC2NodeClassConditions.notReady(notReady)).get().asString().contains("SubnetsReady=False");
        assertThat(notReady.getMetadata().getFinalizers()).contains(EC2NodeClassConditions.FINALIZER);
        assertThat(notReady.getMetadata().getAnnotations())
            .containsEntry(DriftHashes.NODECLASS_HASH, DriftHashes.nodeClass(notReady))
            .containsEntry(DriftHashes.NODECLASS_HASH_VERSION, DriftHashes.NODECLASS_VERSION);

        // tagged by hand (discovery is dry here): Ready with the three private subnets and the cluster group
        sim.privateSubnetIdsByZone().values().forEach(id -> sim.putTag(id, AwsTagKeys.DISCOVERY, CLUSTER));
        sim.putTag(sim.clusterSecurityGroupId(), AwsTagKeys.DISCOVERY, CLUSTER);
        EC2NodeClass ready = awaitClass(name, EC2NodeClassConditions::isReady);
        assertThat(ready.getStatus().getSubnets()).extracting(SubnetStatus::getId)
            .containsExactlyInAnyOrderElementsOf(sim.privateSubnetIdsByZone().values());
        assertThat(ready.getStatus().getSubnets()).allSatisfy(s -> assertThat(s.getZoneID()).isNotBlank());
        assertThat(ready.getStatus().getSecurityGroups()).extracting(SecurityGroupStatus::getId)
            .containsExactly(sim.clusterSecurityGroupId());
        assertThat(ready.getStatus().getAmis()).isNotEmpty().anySatisfy(a -> assertThat(a.getRequirements())
            .anySatisfy(r -> assertThat(r.getKey() + " " + r.getOperator()).isEqualTo("karpenter.k8s.aws/instance-gpu-count Exists")));
        assertThat(ready.getStatus().getAmis()).anySatisfy(a -> assertThat(a.getRequirements())
            .anySatisfy(r -> assertThat(r.getKey() + " " + r.getOperator() + " " + r.getValues())
                .isEqualTo("kubernetes.io/arch In [arm64]")));
        String profile = InstanceProfileNaming.name(CLUSTER, "us-east-1", name);
        assertThat(ready.getStatus().getInstanceProfile()).isEqualTo(profile);
        // kubectl describe ec2nodeclass: the selector that matched nothing, then its resolution, as condition events
        await().atMost(WAIT).untilAsserted(() -> assertThat(KubeEventLog.about(client, null, "EC2NodeClass", name))
            .allSatisfy(e -> {
                assertThat(e.getInvolvedObject().getUid()).isEqualTo(ready.getMetadata().getUid());
                assertThat(e.getSource().getComponent()).isEqualTo("kafkarpenter-tag-reconciler");
            })
            .extracting(e -> e.getType() + " " + e.getReason() + ": " + e.getMessage())
            .anySatisfy(m -> assertThat(m).startsWith("Normal SubnetsReady: Status condition transitioned, Type: "
                + "SubnetsReady, Status: Unknown -> False, Reason: SubnetsNotFound, Message: ")
                .contains("subnetSelectorTerms[0] {tags: karpenter.sh/discovery=" + CLUSTER + "}"))
            .anySatisfy(m -> assertThat(m).startsWith("Normal SubnetsReady: Status condition transitioned, Type: "
                + "SubnetsReady, Status: False -> True"))
            .anySatisfy(m -> assertThat(m).startsWith("Normal Ready: Status condition transitioned, Type: Ready, "
                + "Status: False -> True")));
        awaitDecision("nodeclass/" + name, "NODECLASS_NOT_READY");
        awaitDecision("nodeclass/" + name, "\"NODECLASS_READY\"");
        awaitDecision("nodeclass/" + name, "INSTANCE_PROFILE_CREATED");

        // the profile: named, pathed and tagged as Karpenter's, reused by later reconciles
        var made = sim.instanceProfile(profile).orElseThrow();
        assertThat(made.path()).isEqualTo("/karpenter/us-east-1/" + CLUSTER + "/" + ready.getMetadata().getUid() + "/");
        assertThat(made.tags()).containsEntry("kubernetes.io/cluster/" + CLUSTER, "owned")
            .containsEntry("karpenter.k8s.aws/ec2nodeclass", name).containsEntry("topology.kubernetes.io/region", "us-east-1");
        await().atMost(WAIT).until(() -> requestsFor("GetInstanceProfile", profile) >= 3);
        assertThat(requestsFor("CreateInstanceProfile", profile)).isEqualTo(1);

        // deleted while a NodeClaim of the class exists: it waits; then the profile goes with it
        NodeClaim held = client.resource(nodeClaim("held-" + run, name)).create();
        await().atMost(WAIT).until(() -> client.resources(NodeClaim.class).withName(held.getMetadata().getName()).get() != null);
        client.resource(ready).delete();
        await().pollDelay(Duration.ofSeconds(3)).atMost(WAIT).untilAsserted(() -> {
            EC2NodeClass deleting = client.resources(EC2NodeClass.class).withName(name).get();
            assertThat(deleting).isNotNull();
            assertThat(deleting.getMetadata().getDeletionTimestamp()).isNotNull();
        });
        assertThat(sim.instanceProfile(profile)).isPresent();
        client.resource(held).delete();
        await().atMost(WAIT).until(() -> client.resources(EC2NodeClass.class).withName(name).get() == null);
        assertThat(sim.instanceProfile(profile)).isEmpty();
        awaitDecision("nodeclass/" + name, "INSTANCE_PROFILE_DELETED");
    }

    @Test
    void aRoleTheTagReconcilerMayNotPassKeepsTheClassNotReadyAndTheNodeRoleThenMakesItReady() {
        Ec2Simulator sim = Ec2SimulatorTestResource.simulator;
        String name = "roles-" + run;
        String profile = InstanceProfileNaming.name(CLUSTER, "us-east-1", name);
        EC2NodeClass nc = classSelectingById(name, sim);
        nc.getSpec().setRole("NoSuchRole");
        client.resource(nc).create();

        // deploy/iam/tag-reconciler.json lets it pass the node role only (AllowPassingInstanceRole): a missing role
        // and an existing other role are both refused by IAM, and the condition says so
        EC2NodeClass missingRole = awaitClass(name,
            c -> "False".equals(condition(c, EC2NodeClassConditions.INSTANCE_PROFILE_READY).getStatus()));
        assertThat(condition(missingRole, EC2NodeClassConditions.INSTANCE_PROFILE_READY).getReason()).isEqualTo("AccessDenied");
        assertThat(EC2NodeClassConditions.notReady(missingRole)).get().asString().contains("NoSuchRole")
            .contains("iam:PassRole");

        client.resources(EC2NodeClass.class).withName(name).edit(c -> {
            c.getSpec().setRole("OtherNodeRole");
            return c;
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(condition(client.resources(EC2NodeClass.class).withName(name)
            .get(), EC2NodeClassConditions.INSTANCE_PROFILE_READY).getMessage()).contains("OtherNodeRole"));
        assertThat(sim.instanceProfile(profile).orElseThrow().roles()).as("a denied call has no effect").isEmpty();

        client.resources(EC2NodeClass.class).withName(name).edit(c -> {
            c.getSpec().setRole("KarpenterNodeRole-" + CLUSTER);
            return c;
        });
        awaitClass(name, EC2NodeClassConditions::isReady);
        assertThat(sim.instanceProfile(profile).orElseThrow().roles()).containsExactly("KarpenterNodeRole-" + CLUSTER);
        assertThat(requestsFor("CreateInstanceProfile", profile)).isEqualTo(1);

        String given = "given-" + run;
        EC2NodeClass byProfile = classSelectingById(given, sim);
        byProfile.getSpec().setRole(null);
        byProfile.getSpec().setInstanceProfile("NoSuchProfile");
        client.resource(byProfile).create();
        EC2NodeClass missingProfile = awaitClass(given,
            c -> "False".equals(condition(c, EC2NodeClassConditions.INSTANCE_PROFILE_READY).getStatus()));
        assertThat(condition(missingProfile, EC2NodeClassConditions.INSTANCE_PROFILE_READY).getReason())
            .isEqualTo("InstanceProfileNotFound");
        assertThat(sim.instanceProfile("NoSuchProfile")).as("a given profile is never created").isEmpty();
        client.resources(EC2NodeClass.class).withName(name).delete();
        client.resources(EC2NodeClass.class).withName(given).delete();
    }

    @Test
    void aProfileMadeEarlierWithoutAllItsTagsIsCompletedAndReused() {
        Ec2Simulator sim = Ec2SimulatorTestResource.simulator;
        String name = "earlier-" + run;
        String profile = InstanceProfileNaming.name(CLUSTER, "us-east-1", name);
        // as an earlier version left it: this cluster's, region and class tags, no eks:eks-cluster-name (admin-made)
        try (IamClient iam = IamClient.builder().region(Region.US_EAST_1).endpointOverride(sim.endpoint())
                .credentialsProvider(SimulatorIam.admin()).httpClient(UrlConnectionHttpClient.create()).build()) {
            iam.createInstanceProfile(r -> r.instanceProfileName(profile).tags(
                software.amazon.awssdk.services.iam.model.Tag.builder().key("kubernetes.io/cluster/" + CLUSTER).value("owned").build(),
                software.amazon.awssdk.services.iam.model.Tag.builder().key("topology.kubernetes.io/region").value("us-east-1").build(),
                software.amazon.awssdk.services.iam.model.Tag.builder().key("karpenter.k8s.aws/ec2nodeclass").value(name).build()));
        }
        client.resource(classSelectingById(name, sim)).create();

        awaitClass(name, EC2NodeClassConditions::isReady);
        assertThat(sim.instanceProfile(profile).orElseThrow().tags()).containsEntry(AwsTagKeys.EKS_CLUSTER_NAME, CLUSTER);
        assertThat(sim.instanceProfile(profile).orElseThrow().roles()).containsExactly("KarpenterNodeRole-" + CLUSTER);
        assertThat(requestsFor("TagInstanceProfile", profile)).isEqualTo(1);
        assertThat(requestsFor("CreateInstanceProfile", profile)).as("the admin's only").isEqualTo(1);
        client.resources(EC2NodeClass.class).withName(name).delete();
    }

    @Test
    void anInstanceIsTaggedAfterRegistrationDespiteTransientErrorsAndOneWithoutTheOwnershipTagsIsRefused() {
        Ec2Simulator sim = Ec2SimulatorTestResource.simulator;
        String owned = launch(Map.of("kubernetes.io/cluster/" + CLUSTER, "owned", AwsTagKeys.NODEPOOL, "default"));
        String foreign = launch(Map.of(AwsTagKeys.NODEPOOL, "default"));
        String ownedClaim = "owned-" + run;
        String foreignClaim = "foreign-" + run;
        registered(nodeClaim(ownedClaim, "instances-" + run), owned, "ip-10-0-1-10.ec2.internal");
        registered(nodeClaim(foreignClaim, "instances-" + run), foreign, "ip-10-0-1-11.ec2.internal");
        sim.faults().failNext("CreateTags", 4, "InternalError", 500); // transient: retried with backoff
        // the record names the wrong instance: only the NodeClaim's providerID counts
        send(status(ownedClaim, foreign, "ip-10-0-1-10.ec2.internal"));

        await().atMost(WAIT).until(() -> annotations(ownedClaim).containsKey(AwsTagKeys.TAGGED_ANNOTATION));
        assertThat(annotations(ownedClaim)).containsEntry(AwsTagKeys.TAGGED_ANNOTATION, "true")
            .containsEntry(AwsTagKeys.CLUSTER_NAME_TAGGED_ANNOTATION, "true");
        assertThat(sim.tags(owned)).containsEntry("Name", "ip-10-0-1-10.ec2.internal")
            .containsEntry(AwsTagKeys.NODECLAIM, ownedClaim).containsEntry(AwsTagKeys.EKS_CLUSTER_NAME, CLUSTER);
        awaitDecision("instance/" + owned, "INSTANCE_TAGGED");

        awaitDecision("instance/" + foreign, "INSTANCE_TAG_REFUSED");
        assertThat(sim.tags(foreign)).doesNotContainKeys("Name", AwsTagKeys.NODECLAIM, AwsTagKeys.EKS_CLUSTER_NAME);
        assertThat(annotations(foreignClaim)).doesNotContainKey(AwsTagKeys.TAGGED_ANNOTATION);
        assertThat(sim.requests("CreateTags").stream().filter(r -> r.parameters().containsValue(owned))
            .filter(RecordedRequest::succeeded)).hasSize(1);
        assertThat(sim.requests("CreateTags").stream().filter(r -> r.parameters().containsValue(foreign))).isEmpty();
        given().get("/q/metrics").then().body(containsString(
            "kafkarpenter_tagreconciler_reconcile_errors_total{transient=\"true\",work=\"nodeclaim.tagging\"}"));
    }

    /**
     * After a restart the fixed consumer group {@code kk-tag-reconciler} resumes after its committed offset: the
     * REGISTERED record of a NodeClaim whose tags were still to be written is not read again. The work is rebuilt from
     * the live NodeClaims instead (the informer's initial list and the scan at start, tag-reconciler/DESIGN.md
     * "Restart"), so a registered NodeClaim without any record is tagged all the same.
     */
    @Test
    void aRegisteredNodeClaimIsTaggedWithoutItsStatusRecordAsAfterARestart() {
        String instance = launch(Map.of("kubernetes.io/cluster/" + CLUSTER, "owned", AwsTagKeys.NODEPOOL, "default"));
        String claim = "restarted-" + run;

        registered(nodeClaim(claim, "instances-" + run), instance, "ip-10-0-1-12.ec2.internal");

        await().atMost(WAIT).until(() -> annotations(claim).containsKey(AwsTagKeys.TAGGED_ANNOTATION));
        assertThat(Ec2SimulatorTestResource.simulator.tags(instance)).containsEntry(AwsTagKeys.NODECLAIM, claim)
            .containsEntry("Name", "ip-10-0-1-12.ec2.internal");
    }

    @Test
    void aSubnetHoldingAnotherClustersDiscoveryTagIsAWarningOnAClassSelectingByTheTag() {
        Ec2Simulator sim = Ec2SimulatorTestResource.simulator;
        String subnet = sim.privateSubnetIdsByZone().values().iterator().next();
        String before = sim.tags(subnet).get(AwsTagKeys.DISCOVERY);
        String name = "conflict-" + run;
        sim.putTag(subnet, AwsTagKeys.DISCOVERY, "other-cluster");
        try {
            client.resource(workshopClass(name)).create(); // its creation asks for a discovery pass
            await().atMost(WAIT).untilAsserted(() -> assertThat(KubeEventLog.about(client, null, "EC2NodeClass", name))
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getReason()).isEqualTo("DiscoveryTagConflict");
                    assertThat(e.getMessage()).startsWith("Discovery tag conflict: subnet " + subnet)
                        .contains("other-cluster");
                }));
        } finally {
            if (before == null) {
                sim.deleteTag(subnet, AwsTagKeys.DISCOVERY);
            } else {
                sim.putTag(subnet, AwsTagKeys.DISCOVERY, before);
            }
            client.resources(EC2NodeClass.class).withName(name).delete();
        }
    }

    @Test
    void aRepeatOfAnEventCountsUpOnTheEventWrittenBefore() {
        InvolvedObject nodeClass = InvolvedObject.ec2NodeClass("repeated-" + run, "uid-" + run);
        KubeEvent repeat = KarpenterEvents.conditionTransition(nodeClass, "SubnetsReady", "True", "False",
            "SubnetsNotFound", "SubnetSelector did not match any Subnets");
        kubeEvents.recorder().publish(repeat);
        kubeEvents.recorder().publish(repeat);
        assertThat(kubeEvents.recorder().flush(WAIT)).isTrue();
        assertThat(KubeEventLog.about(client, null, "EC2NodeClass", nodeClass.name())).singleElement()
            .satisfies(e -> assertThat(e.getCount()).isEqualTo(2));
    }

    @Test
    void aMalformedRecordGoesToTheDeadLetterTopicAndTheNextGoodRecordIsStillProcessed() {
        String badKey = "bad-" + UUID.randomUUID();
        kafka.send(Topics.NODECLAIMS_STATUS, badKey, "{\"schema\":\"kk.nodeclaim-status/v1\",\"nodePool\":\"default\"}");
        send(status("default-" + UUID.randomUUID(), "i-0123456789abcdef0", "ip-10-0-1-12.ec2.internal"));

        var dead = kafka.awaitRecord(Topics.dlq("tag-reconciler"), r -> badKey.equals(r.key()), WAIT);
        assertThat(KafkaTestClient.header(dead, "dead-letter-reason")).contains("NodeClaimStatusChange");
        assertThat(KafkaTestClient.header(dead, "dead-letter-topic")).isEqualTo(Topics.NODECLAIMS_STATUS);
        await().atMost(WAIT).untilAsserted(() -> given().get("/q/metrics").then()
            .body(containsString("kafkarpenter_tagreconciler_status_records_total{phase=\"REGISTERED\"}")));
    }

    // ---------------------------------------------------------------- helpers

    private static EC2NodeClass workshopClass(String name) {
        return KarpenterManifests.readOne("""
            apiVersion: karpenter.k8s.aws/v1
            kind: EC2NodeClass
            metadata: {name: %s}
            spec:
              amiSelectorTerms: [{alias: al2023@latest}]
              role: KarpenterNodeRole-%s
              subnetSelectorTerms: [{tags: {karpenter.sh/discovery: %s}}]
              securityGroupSelectorTerms: [{tags: {karpenter.sh/discovery: %s}}]
            """.formatted(name, CLUSTER, CLUSTER, CLUSTER), EC2NodeClass.class);
    }

    /** Selects a private subnet and the cluster group by id (the tests' discovery tags stay as each test left them). */
    private static EC2NodeClass classSelectingById(String name, Ec2Simulator sim) {
        return KarpenterManifests.readOne("""
            apiVersion: karpenter.k8s.aws/v1
            kind: EC2NodeClass
            metadata: {name: %s}
            spec:
              amiSelectorTerms: [{alias: al2023@latest}]
              role: KarpenterNodeRole-%s
              subnetSelectorTerms: [{id: %s}]
              securityGroupSelectorTerms: [{id: %s}]
            """.formatted(name, CLUSTER, sim.privateSubnetIdsByZone().values().iterator().next(),
            sim.clusterSecurityGroupId()), EC2NodeClass.class);
    }

    private static NodeClaim nodeClaim(String name, String nodeClass) {
        return KarpenterManifests.readOne("""
            apiVersion: karpenter.sh/v1
            kind: NodeClaim
            metadata: {name: %s, labels: {karpenter.sh/nodepool: default}}
            spec:
              nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: %s}
              requirements: [{key: kubernetes.io/arch, operator: In, values: [amd64]}]
            """.formatted(name, nodeClass), NodeClaim.class);
    }

    private void registered(NodeClaim claim, String instanceId, String nodeName) {
        NodeClaim made = client.resource(claim).create();
        NodeClaimStatus status = new NodeClaimStatus();
        status.setProviderID("aws:///us-east-1a/" + instanceId);
        status.setNodeName(nodeName);
        made.setStatus(status);
        client.resource(made).updateStatus();
    }

    private static String launch(Map<String, String> tags) {
        Ec2Simulator sim = Ec2SimulatorTestResource.simulator;
        // the test's own client, as an admin (the tag-reconciler's key may not launch)
        try (Ec2Client ec2 = Ec2Client.builder().region(Region.US_EAST_1).endpointOverride(sim.endpoint())
                .credentialsProvider(SimulatorIam.admin()).httpClient(UrlConnectionHttpClient.create()).build()) {
            String template = "kk-it-" + UUID.randomUUID().toString().substring(0, 8);
            ec2.createLaunchTemplate(r -> r.launchTemplateName(template)
                .launchTemplateData(d -> d.securityGroupIds(sim.clusterSecurityGroupId())));
            String subnet = sim.privateSubnetIdsByZone().get("us-east-1a");
            return ec2.createFleet(CreateFleetRequest.builder().type(FleetType.INSTANT)
                .launchTemplateConfigs(FleetLaunchTemplateConfigRequest.builder()
                    .launchTemplateSpecification(s -> s.launchTemplateName(template).version("$Latest"))
                    .overrides(o -> o.instanceType("m5.large").subnetId(subnet).availabilityZone("us-east-1a")).build())
                .targetCapacitySpecification(t -> t.totalTargetCapacity(1)
                    .defaultTargetCapacityType(DefaultTargetCapacityType.ON_DEMAND))
                .tagSpecifications(TagSpecification.builder().resourceType(ResourceType.INSTANCE).tags(tags.entrySet()
                    .stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()).build())
                .build()).instances().get(0).instanceIds().get(0);
        }
    }

    private EC2NodeClass awaitClass(String name, java.util.function.Predicate<EC2NodeClass> test) {
        return await().atMost(WAIT).until(() -> client.resources(EC2NodeClass.class).withName(name).get(),
            c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null && test.test(c));
    }

    private static Condition condition(EC2NodeClass c, String type) {
        return EC2NodeClassConditions.find(c, type).orElseThrow(() -> new AssertionError("no condition " + type));
    }

    private Map<String, String> annotations(String nodeClaim) {
        NodeClaim c = client.resources(NodeClaim.class).withName(nodeClaim).get();
        return c.getMetadata().getAnnotations() == null ? Map.of() : c.getMetadata().getAnnotations();
    }

    private static void awaitDecision(String key, String reason) {
        kafka.awaitRecord(Topics.DECISIONS, r -> key.equals(r.key()) && r.value().contains(reason), WAIT);
    }

    private static long requestsFor(String action, String profile) {
        return Ec2SimulatorTestResource.simulator.requests(action).stream()
            .map(RecordedRequest::parameters).filter(p -> profile.equals(p.get("InstanceProfileName"))).count();
    }

    private static void send(NodeClaimStatusChange change) {
        kafka.send(Topics.NODECLAIMS_STATUS, change.key(), EventJson.toJson(change));
    }

    private static NodeClaimStatusChange status(String name, String instanceId, String nodeName) {
        NodeClaimStatusChange f = EventFixtures.nodeClaimStatus(NodeClaimPhase.REGISTERED);
        return new NodeClaimStatusChange(name, f.nodePool(), NodeClaimPhase.REGISTERED, "aws:///us-east-1a/" + instanceId,
            instanceId, f.instanceType(), f.zone(), f.capacityType(), nodeName, f.decisionId(), f.reason(), f.message(),
            f.at());
    }
}
