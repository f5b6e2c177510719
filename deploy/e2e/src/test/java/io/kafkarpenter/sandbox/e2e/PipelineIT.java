package io.kafkarpenter.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;


import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kafkarpenter.model.crd.NodeClaim;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The pipeline end to end, every service its own process (their target/quarkus-app), with the real broker, the EC2
 * simulator and the Kubernetes stand-in (kubelet and kube-scheduler) as processes too (see {@link Sandbox}).
 * NodePools without limits, one per test, so each test's pods get capacity of their own. The sandbox starts without
 * the tag-reconciler: the first tests are issue 12's ({@link TagReconcilerScenario}: nothing launches from the
 * untagged cluster, the tag-reconciler killed mid-reconcile converges, a tag deleted by hand comes back); the later
 * ones start it if those failed before they did.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineIT {

    private static final Duration ALL_BOUND = Duration.ofSeconds(150);
    private static E2eCluster cluster;
    private static Sandbox sandbox;
    private static Workloads workloads;
    private static Observer observer;
    private static TagReconcilerScenario tags;


    private static String nodePool(String name) {
        return """
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata:
              name: %s
            spec:
              template:
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                  expireAfter: Never
                  requirements:
                    - {key: karpenter.k8s.aws/instance-generation, operator: Gt, values: ["5"]}
                    - {key: karpenter.k8s.aws/instance-category, operator: In, values: ["c", "m", "r"]}
                    - {key: kubernetes.io/arch, operator: In, values: ["amd64"]}
                    - {key: karpenter.sh/capacity-type, operator: In, values: ["on-demand"]}
              disruption:
                consolidationPolicy: WhenEmpty
                consolidateAfter: 10m
            """.formatted(name);
    }

    @BeforeAll
    static void start() throws Exception {
        cluster = E2eCluster.start("e2e-state", List.of(nodePool("default"), nodePool("chaos"), nodePool("tags")),
            Set.of(TagReconcilerScenario.SERVICE));
        sandbox = cluster.sandbox;
        workloads = cluster.workloads;
        observer = cluster.observer;
        sandbox.serviceEnv(TagReconcilerScenario.SERVICE, "KK_TAG_RECONCILER_PERIOD",
            TagReconcilerScenario.PERIOD.toSeconds() + "s");
        tags = new TagReconcilerScenario(cluster, "tags", spread("tags-app", 3, "1", "1Gi", "tags"));
    }

    @AfterAll
    static void stop() {
        if (tags != null) {
            tags.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * A Deployment spread over the three zones (maxSkew 1, minDomains 3), pinned to a NodePool. minDomains keeps
     * kube-scheduler (here its stand-in) from piling the pods into the first zone whose node comes up: it counts only
     * the zones that have nodes, and nodes register at different moments.
     */
    private static Deployment spread(String name, int replicas, String cpu, String memory, String nodePool) {
        return new DeploymentBuilder()
            .withNewMetadata().withName(name).withNamespace(Sandbox.NAMESPACE).endMetadata()
            .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate()
                    .withNewMetadata().addToLabels("app", name).endMetadata()
                    .withNewSpec()
                        .addToNodeSelector("karpenter.sh/nodepool", nodePool)
                        .addToTopologySpreadConstraints(new TopologySpreadConstraintBuilder().withMaxSkew(1).withMinDomains(3)
                            .withTopologyKey("topology.kubernetes.io/zone").withWhenUnsatisfiable("DoNotSchedule")
                            .withNewLabelSelector().addToMatchLabels("app", name).endLabelSelector().build())
                        .addNewContainer().withName("app").withImage("public.ecr.aws/eks-distro/kubernetes/pause:3.7")
                            .withNewResources().addToRequests("cpu", new Quantity(cpu))
                                .addToRequests("memory", new Quantity(memory)).endResources()
                        .endContainer()
                    .endSpec()
                .endTemplate()
            .endSpec().build();
    }

    private static void awaitAllBound(List<String> apps, int expected) {
        Instant deadline = Instant.now().plus(ALL_BOUND);
        int bound = 0;
        while (Instant.now().isBefore(deadline)) {
            observer.look();
            bound = (int) observer.pods().stream()
                .filter(p -> apps.contains(p.getMetadata().getLabels().get("app")))
                .filter(p -> p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty()).count();
            if (bound == expected) {
                return;
            }
            Sandbox.sleep(1000);
        }
        throw new AssertionError(bound + " of " + expected + " pods bound after " + ALL_BOUND + "; pending: "
            + observer.pendingReasons() + "; logs in " + sandbox.options().stateDir());
    }

    private static List<Instance> instancesOf(String nodePool) {
        return sandbox.ec2() == null ? List.of() : observer.instances().stream()
            .filter(i -> nodePool.equals(Observer.tag(i, "karpenter.sh/nodepool"))).toList();
    }

    /** Every instance belongs to a different NodeClaim: no NodeClaim was launched twice. */
    private static void assertOneInstancePerNodeClaim(List<Instance> instances) {
        List<NodeClaim> nodeClaims = sandbox.kube().resources(NodeClaim.class).list().getItems();
        List<String> claims = instances.stream().map(i -> Observer.nodeClaimOf(i, nodeClaims)).toList();
        assertThat(claims).doesNotContainNull();
        assertThat(claims).as("NodeClaims of the instances").doesNotHaveDuplicates();
    }

    /** The tests after the tag-reconciler's start it (and wait for a Ready EC2NodeClass) if those did not. */
    private static void tagReconcilerRunning() {
        if (!sandbox.isAlive(TagReconcilerScenario.SERVICE)) {
            sandbox.restart(TagReconcilerScenario.SERVICE);
        }
        workloads.awaitNodeClassesReady(E2eCluster.NODE_CLASSES_READY);
    }

    @Test
    @Order(1)
    void fromTheUntaggedClusterTheWorkshopNodeClassIsNotReadyAndNothingLaunches() {
        tags.untaggedClusterLaunchesNothing();
        // kubectl describe pod: why each pending pod waits, from the provisioner's decision
        for (Pod pod : tagsPods()) {
            List<Event> events = awaitEvents(Sandbox.NAMESPACE, "Pod", pod.getMetadata().getName(),
                e -> "FailedScheduling".equals(e.getReason()));
            assertThat(events).as("events of pod %s:%n%s", pod.getMetadata().getName(), DescribedEvents.table(events))
                .anySatisfy(e -> {
                    assertThat(e.getType()).isEqualTo("Warning");
                    assertThat(e.getMessage()).startsWith("Failed to schedule pod, ").contains("NodePool tags is not ready");
                    assertThat(e.getInvolvedObject().getUid()).isEqualTo(pod.getMetadata().getUid());
                    assertThat(e.getSource().getComponent()).isEqualTo("kafkarpenter-provisioner");
                });
        }
    }

    @Test
    @Order(2)
    void theTagReconcilerKilledMidReconcileConvergesTheClassGetsReadyAndThePodsGetTaggedNodes() {
        tags.tagReconcilerKilledMidReconcileConvergesAndThePodsGetNodes();
        // kubectl describe pod: nominated to the NodeClaim decided for it; kubectl describe nodeclaim: it launched
        Pod pod = tagsPods().get(0);
        String name = pod.getMetadata().getName();
        List<Event> podEvents = awaitEvents(Sandbox.NAMESPACE, "Pod", name, e -> "Nominated".equals(e.getReason()));
        Event nominated = podEvents.stream().filter(e -> "Nominated".equals(e.getReason())).findFirst()
            .orElseThrow(() -> new AssertionError("no Nominated event on pod " + name + ":\n"
                + DescribedEvents.table(podEvents)));
        assertThat(nominated.getType()).isEqualTo("Normal");
        assertThat(nominated.getMessage()).matches("Pod should schedule on: nodeclaim/tags-[a-z0-9-]+(, node/.+)?");
        String claim = nominated.getMessage().replaceFirst("Pod should schedule on: nodeclaim/([^,]+).*", "$1");
        List<Event> claimEvents = awaitEvents(null, "NodeClaim", claim, e -> "Launched".equals(e.getReason()));
        assertThat(claimEvents).as("events of NodeClaim %s:%n%s", claim, DescribedEvents.table(claimEvents))
            .anySatisfy(e -> {
                assertThat(e.getType()).isEqualTo("Normal");
                assertThat(e.getMessage()).isEqualTo(
                    "Status condition transitioned, Type: Launched, Status: Unknown -> True, Reason: Launched");
                assertThat(e.getInvolvedObject().getApiVersion()).isEqualTo("karpenter.sh/v1");
                assertThat(e.getSource().getComponent()).isEqualTo("kafkarpenter-launcher");
            });
    }

    private static List<Pod> tagsPods() {
        observer.look();
        List<Pod> pods = observer.pods().stream()
            .filter(p -> "tags-app".equals(p.getMetadata().getLabels().get("app"))).toList();
        assertThat(pods).as("pods of tags-app").isNotEmpty();
        return pods;
    }

    /** The events about an object once one matches {@code wanted} (events are written asynchronously), within 20 s. */
    private static List<Event> awaitEvents(String namespace, String kind, String name, Predicate<Event> wanted) {
        Instant deadline = Instant.now().plusSeconds(20);
        List<Event> events = DescribedEvents.of(sandbox.kube(), namespace, kind, name);
        while (events.stream().noneMatch(wanted) && Instant.now().isBefore(deadline)) {
            Sandbox.sleep(500);
            events = DescribedEvents.of(sandbox.kube(), namespace, kind, name);
        }
        return events;
    }

    @Test
    @Order(3)
    void discoveryTagsDeletedByHandAreBackWithinOnePeriod() {
        tagReconcilerRunning();
        tags.discoveryTagsDeletedByHandAreBackWithinOnePeriod();
    }

    @Test
    @Order(4)
    void twoHundredPodsOfThreeSpreadDeploymentsAreAllBoundAtNoMoreThanTheSimulatedCost() throws Exception {
        List<Deployment> deployments = List.of(spread("web", 100, "500m", "512Mi", "default"),
            spread("api", 60, "1", "1Gi", "default"), spread("worker", 40, "250m", "256Mi", "default"));
        tagReconcilerRunning();
        double simulated = simulatedCost(deployments);

        // applied first, then scaled together: the 200 pods arrive as one burst, within one provisioner batch
        java.util.Map<Deployment, Integer> targets = new java.util.LinkedHashMap<>();
        for (Deployment d : deployments) {
            workloads.apply(d);
            targets.put(d, d.getSpec().getReplicas());
        }
        workloads.scaleAll(targets);
        awaitAllBound(List.of("web", "api", "worker"), 200);

        List<Instance> instances = instancesOf("default");
        assertOneInstancePerNodeClaim(instances);
        double cost = instances.stream().mapToDouble(i -> observer.pricePerHour(i.instanceTypeAsString())).sum();
        System.out.printf("e2e: 200 pods on %d instances, $%.4f/h (simulate: $%.4f/h); pending->bound p50 %d ms p99 %d ms%n",
            instances.size(), cost, simulated, Observer.percentile(observer.createdToBoundMillis(), 50),
            Observer.percentile(observer.createdToBoundMillis(), 99));
        assertThat(cost).as("cost per hour vs bin/kk simulate on the same input").isLessThanOrEqualTo(simulated + 1e-9);
        // the capacity was planned for the zone spread: it spans the three zones. (Which pod lands on which node is
        // the kube-scheduler stand-in's choice, and it does not weigh topology spread when binding.)
        assertThat(instances.stream().map(i -> i.placement().availabilityZone()).distinct())
            .containsExactlyInAnyOrder("us-east-1a", "us-east-1b", "us-east-1c");
    }

    @Test
    @Order(5)
    void killingTheProvisionerAndThePodWatcherMidRunLaunchesNothingTwice() {
        List<Deployment> deployments = List.of(spread("chaos-a", 40, "1", "1Gi", "chaos"),
            spread("chaos-b", 30, "500m", "512Mi", "chaos"));
        tagReconcilerRunning();
        for (Deployment d : deployments) {
            workloads.apply(d);
        }
        workloads.scale(deployments.get(0), 40);
        // as soon as the provisioner has decided something for these pods, kill it and start it again
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)
            && observer.launches().values().stream().noneMatch(l -> "chaos".equals(l.nodePool()))) {
            observer.look();
            Sandbox.sleep(200);
        }
        sandbox.kill("provisioner");
        workloads.scale(deployments.get(1), 30); // pods arrive while no provisioner runs
        sandbox.restart("provisioner");
        sandbox.kill("pod-watcher");
        sandbox.restart("pod-watcher");

        awaitAllBound(List.of("chaos-a", "chaos-b"), 70);

        List<Instance> instances = instancesOf("chaos");
        assertOneInstancePerNodeClaim(instances);
        assertThat(instances).isNotEmpty();
        observer.drain(); // a look reads one poll of the topics: the launch records may still be behind it
        List<String> launched = observer.launches().values().stream().filter(l -> "chaos".equals(l.nodePool()))
            .map(l -> l.nodeClaimName()).toList();
        List<NodeClaim> nodeClaims = sandbox.kube().resources(NodeClaim.class).list().getItems();
        assertThat(instances).allSatisfy(i -> assertThat(launched).contains(Observer.nodeClaimOf(i, nodeClaims)));
        // no pod is pending on the topic any more (the restarted pod-watcher republished the truth)
        Sandbox.sleep(3000);
        assertThat(observer.pods().stream().filter(p -> p.getSpec().getNodeName() == null).count()).isZero();
        assertThat(sandbox.pids()).containsKeys("provisioner", "pod-watcher");
        assertThat(instances.stream().map(i -> Observer.nodeClaimOf(i, nodeClaims)).filter(Objects::nonNull)
            .distinct().count()).isEqualTo(instances.size());
    }

    /** What {@code bin/kk simulate} decides for the same NodePool and Deployments: its cost per hour. */
    private static double simulatedCost(List<Deployment> deployments) throws Exception {
        Simulated.Decision d = Simulated.decide(nodePool("default"), E2eCluster.NODE_CLASS, deployments,
            sandbox.options().stateDir());
        assertThat(d.unschedulable()).as("simulate places every pod").isZero();
        return d.costPerHour();
    }
}
