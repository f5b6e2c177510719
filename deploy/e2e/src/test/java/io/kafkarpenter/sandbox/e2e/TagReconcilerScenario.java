package io.kafkarpenter.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kafkarpenter.model.crd.AwsTagKeys;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.EC2NodeClassConditions;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.events.DecisionKind;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.model.reasons.Reason;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * Issue 12's done-when list on the whole system (see {@link Sandbox}), started like the workshop's cluster before its
 * §1.7 — no discovery tag anywhere — and without the tag-reconciler: the workshop EC2NodeClass is not Ready, the pods'
 * decision records say why and EC2 is never asked for an instance. Then the tag-reconciler starts, is killed with
 * SIGKILL in the middle of its first reconcile (every write it makes takes a second in the simulator) and started
 * again: the cluster, its three private subnets (not the public ones) and its security group end up tagged, each
 * written at most once, one instance profile created, the class Ready with those subnets and the group, the pods
 * bound, their instances tagged after registration. A discovery tag deleted by hand comes back within one period.
 */
final class TagReconcilerScenario {

    static final String SERVICE = "tag-reconciler";
    static final String NODE_CLASS = "default";
    /** The tag-reconciler's period in this scenario ({@code KK_TAG_RECONCILER_PERIOD}; Karpenter-like default 5m). */
    static final Duration PERIOD = Duration.ofSeconds(10);
    /** What the tag-reconciler writes: slowed down by the simulator so that it can be killed in the middle. */
    static final Set<String> WRITES = Set.of("CreateTags", "TagResource", "CreateInstanceProfile",
        "AddRoleToInstanceProfile", "TagInstanceProfile");
    private static final String SLOW_WRITES = "actionLatency: {CreateTags: PT1S, TagResource: PT1S, "
        + "CreateInstanceProfile: PT1S, AddRoleToInstanceProfile: PT1S, TagInstanceProfile: PT1S}";

    private final Sandbox sandbox;
    private final Workloads workloads;
    private final Observer observer;
    private final WorkshopAws aws;
    private final String cluster;
    private final String pool;
    private final Deployment deployment;
    private final String app;

    /** {@code deployment}'s pods are pinned to NodePool {@code pool}, which uses EC2NodeClass {@value #NODE_CLASS}. */
    TagReconcilerScenario(E2eCluster e2e, String pool, Deployment deployment) {
        this.sandbox = e2e.sandbox;
        this.workloads = e2e.workloads;
        this.observer = e2e.observer;
        this.aws = new WorkshopAws(sandbox);
        this.cluster = sandbox.options().clusterName();
        this.pool = pool;
        this.deployment = deployment;
        this.app = deployment.getMetadata().getName();
    }

    /** Before any tag: the layout of §1.7's starting point; the pods pending with NODEPOOL_NOT_READY; no CreateFleet. */
    void untaggedClusterLaunchesNothing() {
        assertThat(sandbox.isAlive(SERVICE)).as(SERVICE + " not started yet").isFalse();
        Map<Boolean, List<Subnet>> subnets = aws.subnetsByPublic();
        assertThat(subnets.get(false)).as("private subnets of the cluster").hasSize(3);
        assertThat(subnets.get(true)).as("public subnets of the cluster").hasSize(3);
        assertThat(aws.clusterTags()).as("EKS cluster tags").doesNotContainKey(AwsTagKeys.DISCOVERY);
        subnets.values().stream().flatMap(List::stream).forEach(s -> assertThat(aws.tags(s.subnetId()))
            .as("tags of subnet " + s.subnetId()).doesNotContainKey(AwsTagKeys.DISCOVERY));
        assertThat(aws.tags(clusterSecurityGroup())).doesNotContainKey(AwsTagKeys.DISCOVERY);

        workloads.apply(deployment);
        workloads.scale(deployment, deployment.getSpec().getReplicas());
        int replicas = deployment.getSpec().getReplicas();
        boolean explained = poll(Duration.ofSeconds(45), () -> {
            List<Pod> pods = pods();
            return pods.size() == replicas && pods.stream().allMatch(p -> reason(p) == Reason.NODEPOOL_NOT_READY);
        });
        Map<String, String> why = new TreeMap<>();
        pods().forEach(p -> why.put(p.getMetadata().getName(), outcomeText(p)));
        System.out.printf("e2e tags [untagged] pods of %s: %s; EC2NodeClass %s: %s%n", app, why, NODE_CLASS,
            EC2NodeClassConditions.notReady(nodeClass()).orElse("Ready"));
        assertThat(explained).as("every pod of %s pending with NODEPOOL_NOT_READY within 45 s: %s", app, why).isTrue();
        assertThat(why.values()).allSatisfy(m -> assertThat(m).contains(NODE_CLASS));
        assertThat(EC2NodeClassConditions.notReady(nodeClass())).as("EC2NodeClass " + NODE_CLASS + " not Ready")
            .isPresent();
        assertThat(aws.requests("CreateFleet")).as("CreateFleet calls while no EC2NodeClass is Ready").isEmpty();
        assertThat(sandbox.kube().resources(NodeClaim.class).list().getItems()).as("NodeClaims").isEmpty();
    }

    /**
     * The tag-reconciler starts, is killed (SIGKILL) as soon as its first write is answered — the next one is in
     * flight, each taking 1 s — and starts again (it waits for its Lease to expire): everything converges.
     */
    void tagReconcilerKilledMidReconcileConvergesAndThePodsGetNodes() {
        aws.faults(SLOW_WRITES);
        Instant started = Instant.now();
        sandbox.startService(SERVICE);
        List<String> firstWrites = List.of();
        while (firstWrites.isEmpty() && Duration.between(started, Instant.now()).toSeconds() < 90
            && sandbox.isAlive(SERVICE)) {
            Sandbox.sleep(50);
            firstWrites = writes();
        }
        assertThat(firstWrites).as("a write of the tag-reconciler within 90 s of its start (log %s)",
            sandbox.logOf(SERVICE)).isNotEmpty();
        sandbox.kill(SERVICE);
        Instant killed = Instant.now();
        List<String> writesBeforeKill = writes();
        aws.faults("");
        sandbox.restart(SERVICE);

        boolean ready = poll(Duration.ofSeconds(60), () -> EC2NodeClassConditions.isReady(nodeClass()));
        EC2NodeClass nodeClass = nodeClass();
        System.out.printf("e2e tags [kill] killed %d s after start, after %s (writes by then %s); Ready %s %d s after"
                + " the kill; status subnets %s, security groups %s, instance profile %s%n",
            Duration.between(started, killed).toSeconds(), firstWrites, writesBeforeKill, ready,
            Duration.between(killed, Instant.now()).toSeconds(), nodeClass.getStatus() == null ? null
                : nodeClass.getStatus().getSubnets().stream().map(s -> s.getId() + "/" + s.getZone()).toList(),
            nodeClass.getStatus() == null ? null : nodeClass.getStatus().getSecurityGroups().stream()
                .map(g -> g.getId() + "/" + g.getName()).toList(),
            nodeClass.getStatus() == null ? null : nodeClass.getStatus().getInstanceProfile());
        assertThat(ready).as("EC2NodeClass %s Ready within 60 s of the restart: %s", NODE_CLASS,
            EC2NodeClassConditions.notReady(nodeClass)).isTrue();

        assertDiscoveryTagsOnExactlyTheWorkshopResources();
        Set<String> privateIds = ids(aws.subnetsByPublic().get(false));
        assertThat(nodeClass.getStatus().getSubnets().stream().map(s -> s.getId()).collect(Collectors.toSet()))
            .as("status.subnets: the three private subnets").isEqualTo(privateIds);
        assertThat(nodeClass.getStatus().getSubnets().stream().map(s -> s.getZone()).collect(Collectors.toSet()))
            .containsExactlyInAnyOrder("us-east-1a", "us-east-1b", "us-east-1c");
        assertThat(nodeClass.getStatus().getSecurityGroups()).as("status.securityGroups").singleElement()
            .satisfies(g -> assertThat(g.getId()).isEqualTo(clusterSecurityGroup()));
        assertWrittenAtMostOnce(nodeClass.getStatus().getInstanceProfile());

        observer.drain();
        Map<Reason, Long> tagging = observer.decisions().stream()
            .filter(d -> d.kind() == DecisionKind.TAGGING && SERVICE.equals(d.service()))
            .collect(Collectors.groupingBy(DecisionRecord::reason, TreeMap::new, Collectors.counting()));
        System.out.printf("e2e tags [kill] TAGGING decisions %s%n", tagging);
        assertThat(tagging).as("TAGGING decision records of the tag-reconciler").containsKey(Reason.NODECLASS_READY);
        Set<String> selected = new TreeSet<>(privateIds);
        selected.add(clusterSecurityGroup());
        selected.add(cluster);
        observer.decisions().stream().filter(d -> d.reason() == Reason.DISCOVERY_TAG_ADDED)
            .forEach(d -> assertThat(d.subjects()).as("subjects of " + d.message())
                .allSatisfy(s -> assertThat(selected).contains(s.name())));

        awaitPodsBoundAndInstancesTagged();
    }

    /** Deleted by hand (EC2 DeleteTags, EKS UntagResource): both back within one period, each with a decision record. */
    void discoveryTagsDeletedByHandAreBackWithinOnePeriod() {
        String subnet = aws.subnetsByPublic().get(false).get(0).subnetId();
        Instant deleted = Instant.now();
        aws.deleteTag(subnet, AwsTagKeys.DISCOVERY);
        aws.eks().untagResource(r -> r.resourceArn(aws.cluster().arn()).tagKeys(AwsTagKeys.DISCOVERY));
        assertThat(aws.tags(subnet)).doesNotContainKey(AwsTagKeys.DISCOVERY);
        boolean back = poll(PERIOD.plusSeconds(5), () -> cluster.equals(aws.tags(subnet).get(AwsTagKeys.DISCOVERY))
            && cluster.equals(aws.clusterTags().get(AwsTagKeys.DISCOVERY)));
        Duration took = Duration.between(deleted, Instant.now());
        System.out.printf("e2e tags [restore] discovery tags of %s and the cluster back: %s after %d ms (period %s)%n",
            subnet, back, took.toMillis(), PERIOD);
        assertThat(back).as("the discovery tags of %s and of the EKS cluster back within one period (%s) + 5 s",
            subnet, PERIOD).isTrue();
        assertThat(poll(Duration.ofSeconds(5), () -> restoredRecordsSince(deleted).containsAll(Set.of(subnet, cluster))))
            .as("DISCOVERY_TAG_RESTORED records for %s and %s: %s", subnet, cluster, restoredRecordsSince(deleted))
            .isTrue();
    }

    // -- checks ------------------------------------------------------------------------------------------------------

    /** Discovery tag and marker on the cluster, the private subnets and the cluster SG; on nothing else. */
    private void assertDiscoveryTagsOnExactlyTheWorkshopResources() {
        Map<String, String> ours = Map.of(AwsTagKeys.DISCOVERY, cluster, AwsTagKeys.DISCOVERY_MARKER, cluster);
        assertThat(aws.clusterTags()).as("tags of the EKS cluster").containsAllEntriesOf(ours);
        Map<Boolean, List<Subnet>> subnets = aws.subnetsByPublic();
        subnets.get(false).forEach(s -> assertThat(aws.tags(s.subnetId())).as("tags of private subnet " + s.subnetId())
            .containsAllEntriesOf(ours));
        subnets.get(true).forEach(s -> assertThat(aws.tags(s.subnetId())).as("tags of public subnet " + s.subnetId())
            .doesNotContainKeys(AwsTagKeys.DISCOVERY, AwsTagKeys.DISCOVERY_MARKER));
        assertThat(aws.tags(clusterSecurityGroup())).as("tags of the cluster security group").containsAllEntriesOf(ours);
        List<String> tagged = sandbox.ec2().describeSecurityGroups(r -> r.filters(Filter.builder().name("tag-key")
            .values(AwsTagKeys.DISCOVERY).build())).securityGroups().stream().map(g -> g.groupId()).toList();
        assertThat(tagged).as("security groups carrying the discovery tag").containsExactly(clusterSecurityGroup());
    }

    /**
     * The simulator's request log: no resource's discovery tag written twice (the killed run's writes were seen by
     * the restarted one), one CreateInstanceProfile and the node role added once, the profile holding that one role.
     */
    private void assertWrittenAtMostOnce(String instanceProfile) {
        Map<String, Integer> createTags = new TreeMap<>();
        for (JsonNode q : aws.requests("CreateTags")) {
            Map<String, String> p = parameters(q);
            boolean discovery = p.entrySet().stream().anyMatch(e -> e.getKey().matches("Tag\\.\\d+\\.Key")
                && AwsTagKeys.DISCOVERY.equals(e.getValue()));
            if (discovery) {
                p.forEach((k, v) -> {
                    if (k.matches("ResourceId\\.\\d+")) {
                        createTags.merge(v, 1, Integer::sum);
                    }
                });
            }
        }
        int tagResource = aws.requests("TagResource").size();
        Map<String, Long> createProfile = aws.requests("CreateInstanceProfile").stream().collect(Collectors.groupingBy(
            q -> String.valueOf(WorkshopAws.parameter(q, "InstanceProfileName")), TreeMap::new, Collectors.counting()));
        int addRole = aws.requests("AddRoleToInstanceProfile").size();
        System.out.printf("e2e tags [kill] CreateTags with the discovery tag per resource %s; EKS TagResource %d;"
            + " CreateInstanceProfile %s; AddRoleToInstanceProfile %d%n", createTags, tagResource, createProfile, addRole);
        // a call in flight at the kill may be carried out but not logged: at most once each, and the effect is there
        assertThat(createTags).as("CreateTags calls with the discovery tag, per resource")
            .allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(tagResource).as("EKS TagResource calls").isLessThanOrEqualTo(1);
        assertThat(createProfile.keySet()).as("CreateInstanceProfile calls by name").isSubsetOf(instanceProfile);
        assertThat(createProfile.values()).as("CreateInstanceProfile calls per name").allMatch(n -> n == 1L);
        assertThat(addRole).as("AddRoleToInstanceProfile calls").isLessThanOrEqualTo(1);
        var profile = aws.iam().getInstanceProfile(r -> r.instanceProfileName(instanceProfile)).instanceProfile();
        assertThat(profile.roles()).as("roles of instance profile " + instanceProfile).singleElement()
            .satisfies(role -> assertThat(role.roleName()).isEqualToIgnoringCase("KarpenterNodeRole-" + cluster));
    }

    /** Every pod bound; each instance tagged after its node registered (Name, NodeClaim, cluster); NodeClaims marked. */
    private void awaitPodsBoundAndInstancesTagged() {
        int replicas = deployment.getSpec().getReplicas();
        boolean bound = poll(Duration.ofSeconds(120), () -> pods().stream()
            .filter(p -> p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty()).count() == replicas);
        assertThat(bound).as("the %d pods of %s bound within 120 s; pending: %s", replicas, app,
            observer.pendingReasons()).isTrue();
        boolean tagged = poll(Duration.ofSeconds(30), () -> !instances().isEmpty()
            && instances().stream().allMatch(i -> Observer.tag(i, AwsTagKeys.EKS_CLUSTER_NAME) != null)
            && claims().stream().allMatch(c -> c.getMetadata().getAnnotations() != null
                && "true".equals(c.getMetadata().getAnnotations().get(AwsTagKeys.TAGGED_ANNOTATION))));
        Map<String, String> nodeOfInstance = new TreeMap<>();
        for (Node n : sandbox.kube().nodes().list().getItems()) {
            String providerId = n.getSpec().getProviderID();
            nodeOfInstance.put(providerId.substring(providerId.lastIndexOf('/') + 1), n.getMetadata().getName());
        }
        List<Instance> instances = instances();
        System.out.printf("e2e tags [instances] %s%n", instances.stream().map(i -> i.instanceId() + " Name="
            + Observer.tag(i, AwsTagKeys.NAME) + " nodeclaim=" + Observer.tag(i, AwsTagKeys.NODECLAIM) + " cluster="
            + Observer.tag(i, AwsTagKeys.EKS_CLUSTER_NAME)).toList());
        assertThat(tagged).as("instances of NodePool %s tagged and their NodeClaims annotated %s within 30 s", pool,
            AwsTagKeys.TAGGED_ANNOTATION).isTrue();
        assertThat(instances).allSatisfy(i -> {
            assertThat(Observer.tag(i, AwsTagKeys.NAME)).as("Name of " + i.instanceId())
                .isEqualTo(nodeOfInstance.get(i.instanceId()));
            assertThat(Observer.tag(i, AwsTagKeys.NODECLAIM)).as("NodeClaim tag of " + i.instanceId()).isNotBlank();
            assertThat(Observer.tag(i, AwsTagKeys.EKS_CLUSTER_NAME)).isEqualTo(cluster);
        });
        assertThat(claims()).hasSameSizeAs(instances);
    }

    // -- helpers -----------------------------------------------------------------------------------------------------

    /** The tag-reconciler's writes answered so far, oldest first ("Action resource"). */
    private List<String> writes() {
        return WRITES.stream().flatMap(a -> aws.requests(a).stream().map(q -> a + " " + resourceOf(q))).toList();
    }

    private static String resourceOf(JsonNode q) {
        Map<String, String> p = parameters(q);
        return p.getOrDefault("ResourceId.1", p.getOrDefault("InstanceProfileName", p.getOrDefault("resourceArn", "")));
    }

    private static Map<String, String> parameters(JsonNode q) {
        Map<String, String> p = new TreeMap<>();
        q.path("parameters").fields().forEachRemaining(f -> p.put(f.getKey(), f.getValue().asText()));
        return p;
    }

    private Set<String> restoredRecordsSince(Instant since) {
        observer.drain();
        return observer.decisions().stream().filter(d -> d.reason() == Reason.DISCOVERY_TAG_RESTORED)
            .filter(d -> !d.at().isBefore(since.minusSeconds(1))).flatMap(d -> d.subjects().stream())
            .map(s -> s.name()).collect(Collectors.toCollection(TreeSet::new));
    }

    private String clusterSecurityGroup() {
        return aws.cluster().resourcesVpcConfig().clusterSecurityGroupId();
    }

    private EC2NodeClass nodeClass() {
        return sandbox.kube().resources(EC2NodeClass.class).withName(NODE_CLASS).get();
    }

    private List<Pod> pods() {
        observer.look();
        return observer.pods().stream().filter(p -> app.equals(p.getMetadata().getLabels().get("app"))).toList();
    }

    private Reason reason(Pod p) {
        PodOutcome o = observer.outcome(p.getMetadata().getUid());
        return o == null ? null : o.reason();
    }

    private String outcomeText(Pod p) {
        PodOutcome o = observer.outcome(p.getMetadata().getUid());
        return o == null ? "(no decision)" : o.reason() + ": " + o.message();
    }

    private List<Instance> instances() {
        return observer.instances().stream().filter(i -> pool.equals(Observer.tag(i, AwsTagKeys.NODEPOOL))).toList();
    }

    private List<NodeClaim> claims() {
        return sandbox.kube().resources(NodeClaim.class).withLabel("karpenter.sh/nodepool", pool).list().getItems();
    }

    private static Set<String> ids(List<Subnet> subnets) {
        return subnets.stream().map(Subnet::subnetId).collect(Collectors.toCollection(TreeSet::new));
    }

    private static boolean poll(Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Sandbox.sleep(250);
        }
        return condition.getAsBoolean();
    }

    void close() {
        aws.close();
    }
}
