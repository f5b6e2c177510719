package io.kafkarpenter.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kafkarpenter.model.catalog.BuiltInCatalog;
import io.kafkarpenter.model.catalog.CatalogEntry;
import io.kafkarpenter.model.crd.NodeClaim;
import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.model.events.NodeClaimPhase;
import io.kafkarpenter.model.events.NodeClaimStatusChange;
import io.kafkarpenter.model.events.PodOutcome;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Issue 9: a launcher that is slow, stopped or restarted mid-burst must not make the provisioner buy the same capacity
 * twice. Every test has a NodePool of its own restricted to c6a.xlarge (3920m CPU allocatable: three 1-CPU pods fit,
 * four do not), so a Deployment of 3·N pods needs exactly N NodeClaims, and anything beyond N instances is capacity
 * bought twice (the consolidator would only remove it after consolidateAfter, 10m, so it shows). The whole system runs
 * as processes (see {@link Sandbox}); the launcher is SIGKILLed, SIGSTOPped, or the provisioner restarted while launch
 * decisions are unanswered, and what a user pays for is counted: instances, NodeClaims and Nodes of the NodePool.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LaunchBacklogIT {

    private static final String INSTANCE_TYPE = "c6a.xlarge";
    private static final String NODEPOOL_LABEL = "karpenter.sh/nodepool";
    private static final String NODECLAIM_TAG = "karpenter.sh/nodeclaim";
    /** After the launcher is back (or resumed): every pod bound within this. */
    private static final Duration ALL_BOUND = Duration.ofSeconds(120);
    /** After all pods are bound: late duplicates (a backlog still being worked off) would show within this. */
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final String LAUNCH_EXPIRED = "LAUNCH_EXPIRED";
    private static final String AWAITING_LAUNCH = "AWAITING_LAUNCH";

    private static final List<String> POOLS = List.of("bl-kill", "bl-stop", "bl-prov", "bl-expiry");

    private static E2eCluster cluster;
    private static Sandbox sandbox;
    private static Workloads workloads;
    private static Observer observer;
    private static SimulatorControl simulator;

    /** One instance type, on-demand, never expiring, consolidated only when empty and only after 10 minutes. */
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
                    - {key: node.kubernetes.io/instance-type, operator: In, values: ["%s"]}
                    - {key: karpenter.sh/capacity-type, operator: In, values: ["on-demand"]}
              disruption:
                consolidationPolicy: WhenEmpty
                consolidateAfter: 10m
            """.formatted(name, INSTANCE_TYPE);
    }

    @BeforeAll
    static void start() throws Exception {
        // the arithmetic every count below relies on: three 1-CPU pods per node, not four
        CatalogEntry type = BuiltInCatalog.load(BuiltInCatalog.AWS_US_EAST_1).stream()
            .filter(e -> INSTANCE_TYPE.equals(e.name())).findFirst().orElseThrow();
        double cpu = Quantity.getAmountInBytes(new Quantity(type.karpenterAllocatableAL2023().get("cpu"))).doubleValue();
        assertThat(cpu).as(INSTANCE_TYPE + " allocatable CPU").isGreaterThanOrEqualTo(3.0).isLessThan(4.0);

        cluster = E2eCluster.start("e2e-backlog-state", POOLS.stream().map(LaunchBacklogIT::nodePool).toList());
        sandbox = cluster.sandbox;
        workloads = cluster.workloads;
        observer = cluster.observer;
        simulator = new SimulatorControl(sandbox.ec2Endpoint());
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /**
     * A test that failed half-way leaves no service paused, dead or broken behind for the next one: what a kubelet
     * would do with a liveness probe on {@code /q/health/live} (a service whose Kafka channel failed reports DOWN).
     */
    @AfterEach
    void everyServiceRunsAgain() {
        for (String service : Sandbox.SERVICES) {
            if (sandbox.isPaused(service)) {
                sandbox.resume(service);
            }
            if (!sandbox.isAlive(service)) {
                System.out.println("  " + service + " is not running: restarting it");
                sandbox.restart(service);
            } else {
                restartIfNotLive(service);
            }
        }
    }

    /** A liveness probe: a service whose /q/health/live is not UP within 6 s is killed and started again. */
    private static boolean restartIfNotLive(String service) {
        if (poll(Duration.ofSeconds(6), 1000, () -> sandbox.health(service, "live") == 200)) {
            return false;
        }
        System.out.println("  " + service + " is not live (/q/health/live " + sandbox.health(service, "live")
            + "): restarting it, as a liveness probe would");
        sandbox.kill(service);
        sandbox.restart(service);
        return true;
    }

    /**
     * Before a test: the launcher has worked off kk.nodeclaims.launch, so what the test stops or kills is this test's
     * burst only (a record the launcher is in the middle of when stopped is a different scenario, see test 2).
     */
    @BeforeEach
    void launcherIdle() {
        long[] lag = {-1};
        boolean idle = poll(Duration.ofSeconds(60), 500, () -> (lag[0] = observer.consumerLag("kk-launcher",
            "kk.nodeclaims.launch")) == 0);
        assertThat(idle).as("the launcher worked off kk.nodeclaims.launch before the test (lag " + lag[0] + ")").isTrue();
    }

    // -- the scenarios -------------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void launcherKilledMidBurstAndRestarted45sLaterLaunchesEveryNodeClaimOnce() {
        String pool = "bl-kill";
        int n = 15;
        Deployment d = plain(pool, 3 * n);
        Instant start = Instant.now();
        workloads.apply(d);
        workloads.scale(d, 3 * n);

        // CreateFleet answers after 3 s: the launcher dies while the burst's NodeClaims exist and their (merged)
        // CreateFleet calls are in flight or about to be sent
        simulator.faults("actionLatency: {CreateFleet: PT3S}\n");
        awaitNodeClaims(pool, 4, Duration.ofSeconds(90));
        int atKill = instancesOf(pool).size();
        long before = sandbox.pid("launcher");
        sandbox.kill("launcher");
        simulator.faults("");
        assertThat(atKill).as("instances when the launcher was killed (the burst must be under way, not done)")
            .isLessThan(n);
        Sandbox.sleep(45_000);
        Instant restartAt = Instant.now();
        sandbox.restart("launcher");

        Result r = settle(pool, d, n);
        summary("SIGKILL launcher at " + atKill + " instances, restarted 45 s later", pool, n, r, start, restartAt);
        r.assertExactly(n);
        assertRunning("launcher");
        assertThat(sandbox.pid("launcher")).as("the launcher runs as a new process").isNotEqualTo(before);
    }

    @Test
    @Order(2)
    void launcherStoppedFor60sMidBurstLaunchesEveryNodeClaimOnceWhenResumed() {
        String pool = "bl-stop";
        int n = 15;
        Deployment d = plain(pool, 3 * n);
        Instant start = Instant.now();
        workloads.apply(d);
        workloads.scale(d, 3 * n);

        simulator.faults("actionLatency: {CreateFleet: PT3S}\n"); // as above: stopped with CreateFleet calls in flight
        awaitNodeClaims(pool, 4, Duration.ofSeconds(90));
        int atPause = instancesOf(pool).size();
        long pid = sandbox.pid("launcher");
        sandbox.pause("launcher");
        simulator.faults("");
        assertThat(atPause).as("instances when the launcher was stopped (the burst must be under way, not done)")
            .isLessThan(n);
        Sandbox.sleep(60_000);
        Map<String, Integer> waiting = pendingOutcomes(pool, d);
        Instant resumeAt = Instant.now();
        sandbox.resume("launcher");
        // what a kubelet would do: a launcher that is not live (e.g. its Kafka channel failed) is restarted; then the
        // capacity is still counted below, and whether it had to be is asserted last
        Sandbox.sleep(5000);
        int live = sandbox.health("launcher", "live");
        boolean restarted = restartIfNotLive("launcher");

        Result r = settle(pool, d, n);
        summary("SIGSTOP launcher at " + atPause + " instances for 60 s (/q/health/live 5 s after resume: " + live
            + (restarted ? ", restarted as a liveness probe would" : "") + "); pending pods' last outcome before resume "
            + waiting, pool, n, r, start, resumeAt);
        r.assertExactly(n);
        assertRunning("launcher");
        assertThat(restarted).as("the launcher had to be restarted after SIGCONT (/q/health/live " + live
            + "; see launcher.log: SRMSG18231, a record unacknowledged for 60 s fails the kk.nodeclaims.launch channel)")
            .isFalse();
        assertThat(sandbox.pid("launcher")).as("the same launcher process").isEqualTo(pid);
    }

    @Test
    @Order(3)
    void provisionerRestartedWhileLaunchesAreUnansweredDecidesNothingTwice() {
        String pool = "bl-prov";
        int n = 15;
        Deployment d = plain(pool, 3 * n);
        workloads.apply(d);
        sandbox.pause("launcher");
        Instant start = Instant.now();
        workloads.scale(d, 3 * n);

        // the burst is decided (its launch records carry every pod, or 20 s passed), none of it answered
        Instant firstLaunch = awaitLaunches(pool, 1, Duration.ofSeconds(60));
        poll(Duration.ofSeconds(20), 200, () -> {
            observer.drain();
            return podsIn(launchesOf(pool).values()) >= 3 * n;
        });
        int decidedBefore = launchesOf(pool).size();
        long before = sandbox.pid("provisioner");
        sandbox.kill("provisioner");
        Instant killedAt = Instant.now();
        sandbox.restart("provisioner");
        Instant ready = Instant.now();
        // the restarted provisioner runs passes over these pods with every launch still unanswered: wait for its first
        // one (it waits for its kk.pods.pending partitions, which the killed member of its consumer group may hold
        // until its session times out), then a requeue (10 s) more; and the whole wait spans the former 30 s ack
        // timeout, after which the old code decided the same pods again
        Set<String> uids = podsOf(d).stream().map(p -> p.getMetadata().getUid()).collect(Collectors.toSet());
        Instant[] firstPass = {null};
        poll(Duration.ofSeconds(90), 500, () -> {
            observer.drain();
            firstPass[0] = provisionerOutcomesAfter(killedAt, uids).isEmpty() ? null : Instant.now();
            return firstPass[0] != null;
        });
        assertThat(firstPass[0]).as("a pass of the restarted provisioner over the pods of " + pool + " within 90 s")
            .isNotNull();
        Instant resumeAt = latest(latest(firstPass[0].plusSeconds(12), ready.plusSeconds(15)),
            firstLaunch.plusSeconds(42));
        Sandbox.sleep(Math.max(0, Duration.between(Instant.now(), resumeAt).toMillis()));
        observer.drain();
        int decidedWhilePaused = launchesOf(pool).size();
        Map<String, Integer> afterRestart = new TreeMap<>();
        provisionerOutcomesAfter(killedAt, uids).values().forEach(o -> afterRestart.merge(o.reason().name(), 1,
            Integer::sum));
        sandbox.resume("launcher");

        Result r = settle(pool, d, n);
        summary("provisioner restarted while " + decidedBefore + " launches unanswered, its first pass over the pods "
            + Duration.between(ready, firstPass[0]).toSeconds() + " s after it was ready; launch records before resume "
            + decidedWhilePaused + "; the pods' last outcome from the restarted provisioner " + afterRestart, pool, n, r,
            start, resumeAt);
        assertThat(decidedWhilePaused).as("launch records of " + pool + " while the launcher was stopped")
            .isEqualTo(decidedBefore);
        assertThat(afterRestart).as("the pods' last outcome from the restarted provisioner, launcher still stopped")
            .isEqualTo(Map.of(AWAITING_LAUNCH, 3 * n));
        r.assertExactly(n);
        assertRunning("provisioner");
        assertRunning("launcher");
        assertThat(sandbox.pid("provisioner")).as("the provisioner runs as a new process").isNotEqualTo(before);
    }

    /** Last: it runs the provisioner with a short launch TTL. */
    @Test
    @Order(4)
    void launchRecordDeliveredAfterItsExpiryIsNotLaunchedAndItsPodsAreProvisionedOnce() {
        String pool = "bl-expiry";
        int n = 3;
        Deployment d = plain(pool, 3 * n);
        sandbox.serviceEnv("provisioner", "KK_PROVISIONER_LAUNCH_TTL", "15s");
        sandbox.serviceEnv("provisioner", "KK_PROVISIONER_LAUNCH_EXPIRY_GRACE", "5s");
        try {
            sandbox.restart("provisioner");
            workloads.apply(d);
            sandbox.pause("launcher");
            Instant start = Instant.now();
            workloads.scale(d, 3 * n);

            Instant firstSeen = awaitLaunches(pool, 1, Duration.ofSeconds(60));
            Sandbox.sleep(2000);
            observer.drain();
            Instant firstExpiry = launchesOf(pool).values().stream().map(NodeClaimLaunch::expiresAt)
                .min(Instant::compareTo).orElseThrow();
            // TTL 15 s + grace 5 s, then a pass (requeue 10 s): the provisioner decides the same pods again; keep the
            // launcher stopped until it has (records made after the first expiry carry every pod), so that it finds
            // the first records expired
            Instant deadline = firstSeen.plusSeconds(50);
            while (Instant.now().isBefore(deadline) && podsIn(launchesOf(pool).values().stream()
                .filter(l -> l.createdAt().isAfter(firstExpiry)).toList()) < 3 * n) {
                observer.drain();
                Sandbox.sleep(200);
            }
            Map<String, Integer> waiting = pendingOutcomes(pool, d);
            Instant resumeAt = Instant.now();
            // the decisions the launcher can only find expired: their expiresAt passed before it runs again
            Map<String, NodeClaimLaunch> first = new java.util.LinkedHashMap<>(launchesOf(pool));
            first.values().removeIf(l -> !l.expiresAt().isBefore(resumeAt));
            sandbox.resume("launcher");

            Result r = settle(pool, d, n);
            Set<String> firstNames = first.keySet();
            Set<String> firstDecisions = first.values().stream().map(NodeClaimLaunch::decisionId)
                .collect(Collectors.toSet());
            List<NodeClaimStatusChange> expired = observer.statusChanges().stream()
                .filter(s -> firstNames.contains(s.nodeClaimName()) && s.phase() == NodeClaimPhase.FAILED
                    && s.reason() != null && LAUNCH_EXPIRED.equals(s.reason().name()))
                .toList();
            List<DecisionRecord> expiredDecisions = observer.decisions().stream()
                .filter(x -> LAUNCH_EXPIRED.equals(x.reason().name()))
                .filter(x -> firstDecisions.contains(x.decisionId()) || x.subjects().stream()
                    .anyMatch(s -> firstNames.contains(s.name())))
                .toList();
            summary("launcher stopped past TTL 15s + grace 5s: expired when it was resumed " + firstNames + " ("
                + podsIn(first.values()) + " pods), later records " + laterLaunches(pool, firstNames).size()
                + ", FAILED/LAUNCH_EXPIRED " + expired.size() + ", LAUNCH_EXPIRED decisions " + expiredDecisions.size()
                + "; pending pods' last outcome before resume " + waiting, pool, n, r, start, resumeAt);

            // (a burst may be decided in two passes, and a pod of the second may wait in room left by the first: the
            // expired records need not carry every pod)
            assertThat(firstNames).as("launch records expired when the launcher was resumed").isNotEmpty();
            assertThat(r.instances.stream().map(r::claimOf))
                .as("NodeClaims of the instances: none of the expired first decision").doesNotContainAnyElementsOf(firstNames);
            assertThat(r.claims.stream().map(c -> c.getMetadata().getName()))
                .as("NodeClaim objects: none of the expired first decision").doesNotContainAnyElementsOf(firstNames);
            assertThat(expired.stream().map(NodeClaimStatusChange::nodeClaimName).collect(Collectors.toSet()))
                .as("first-decision NodeClaims reported FAILED with reason LAUNCH_EXPIRED on kk.nodeclaims.status")
                .containsExactlyInAnyOrderElementsOf(firstNames);
            assertThat(expiredDecisions).as("LAUNCH_EXPIRED records on kk.decisions for the first decision").isNotEmpty();
            r.assertExactly(n);
            assertRunning("launcher");
            assertRunning("provisioner");
        } finally {
            sandbox.serviceEnv("provisioner", "KK_PROVISIONER_LAUNCH_TTL", null);
            sandbox.serviceEnv("provisioner", "KK_PROVISIONER_LAUNCH_EXPIRY_GRACE", null);
            // (the running provisioner keeps the short TTL: this is the last test)
        }
    }

    // -- workload and counting -------------------------------------------------------------------------------------------

    /** Plain pods of 1 CPU and 128Mi, pinned to the NodePool: three per c6a.xlarge. */
    private static Deployment plain(String pool, int replicas) {
        String name = pool + "-app";
        return new DeploymentBuilder()
            .withNewMetadata().withName(name).withNamespace(Sandbox.NAMESPACE).endMetadata()
            .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate()
                    .withNewMetadata().addToLabels("app", name).endMetadata()
                    .withNewSpec().withTerminationGracePeriodSeconds(0L)
                        .addToNodeSelector(NODEPOOL_LABEL, pool)
                        .addNewContainer().withName("app").withImage("public.ecr.aws/eks-distro/kubernetes/pause:3.7")
                            .withNewResources().addToRequests("cpu", new Quantity("1"))
                                .addToRequests("memory", new Quantity("128Mi")).endResources()
                        .endContainer()
                    .endSpec()
                .endTemplate()
            .endSpec().build();
    }

    /** What the user pays for in one NodePool, and where the Deployment's pods are. */
    private record Result(List<Instance> instances, List<NodeClaim> claims, List<Node> nodes, List<Pod> pods,
                          int replicas, Instant allBoundAt) {

        long bound() {
            return pods.stream().filter(LaunchBacklogIT::isBound).count();
        }

        Set<String> nodesWithPods() {
            return pods.stream().filter(LaunchBacklogIT::isBound).map(p -> p.getSpec().getNodeName())
                .collect(Collectors.toSet());
        }

        List<String> emptyNodes() {
            Set<String> used = nodesWithPods();
            return nodes.stream().map(nd -> nd.getMetadata().getName()).filter(nm -> !used.contains(nm)).sorted().toList();
        }

        /**
         * The NodeClaim of an instance: its {@code karpenter.sh/nodeclaim} tag, or — for an instance of a merged
         * CreateFleet, which the tag-reconciler tags only once its Node registered, as Karpenter does — the NodeClaim
         * whose providerID it is.
         */
        String claimOf(Instance i) {
            String tag = Observer.tag(i, NODECLAIM_TAG);
            return tag != null ? tag : claims.stream().filter(c -> c.getStatus() != null && c.getStatus().getProviderID() != null
                    && c.getStatus().getProviderID().endsWith("/" + i.instanceId()))
                .map(c -> c.getMetadata().getName()).findFirst().orElse(null);
        }

        void assertExactly(int n) {
            assertThat(pods.size()).as("pods of the Deployment").isEqualTo(replicas);
            assertThat(bound()).as("pods bound").isEqualTo(replicas);
            List<String> claimsOfInstances = instances.stream().map(this::claimOf).toList();
            assertThat(claimsOfInstances).as("NodeClaims of the instances").doesNotContainNull().doesNotHaveDuplicates();
            assertThat(claimsOfInstances).as("instances (pending or running) of the NodePool, by NodeClaim").hasSize(n);
            assertThat(claims.stream().map(c -> c.getMetadata().getName()).toList())
                .as("NodeClaim objects of the NodePool").hasSize(n);
            assertThat(nodes.stream().map(nd -> nd.getMetadata().getName()).toList()).as("Nodes of the NodePool")
                .hasSize(n);
            assertThat(emptyNodes()).as("Nodes of the NodePool without a pod of the Deployment").isEmpty();
            assertThat(claims.stream().map(c -> c.getMetadata().getName()).collect(Collectors.toSet()))
                .as("NodeClaim objects vs the NodeClaims of the instances")
                .isEqualTo(Set.copyOf(claimsOfInstances));
        }
    }

    /** Waits until every pod of the Deployment is bound, then {@link #SETTLE} more, and counts. */
    private static Result settle(String pool, Deployment d, int n) {
        int replicas = d.getSpec().getReplicas();
        boolean allBound = poll(ALL_BOUND, 1000, () -> {
            observer.look();
            return podsOf(d).stream().filter(LaunchBacklogIT::isBound).count() == replicas;
        });
        Instant boundAt = Instant.now();
        if (!allBound) {
            Result r = count(pool, d, boundAt);
            throw new AssertionError(r.bound() + " of " + replicas + " pods of " + pool + " bound after " + ALL_BOUND
                + "; instances " + r.instances.size() + ", NodeClaims " + r.claims.size() + ", Nodes " + r.nodes.size()
                + "; pending: " + pendingOutcomes(pool, d) + "; /q/health/live of the launcher "
                + sandbox.health("launcher", "live") + ", of the provisioner " + sandbox.health("provisioner", "live")
                + "; logs in " + sandbox.options().stateDir());
        }
        Sandbox.sleep(SETTLE.toMillis());
        observer.look();
        return count(pool, d, boundAt);
    }

    private static Result count(String pool, Deployment d, Instant boundAt) {
        return new Result(instancesOf(pool), nodeClaimsOf(pool), nodesOf(pool), podsOf(d), d.getSpec().getReplicas(),
            boundAt);
    }

    private static List<Instance> instancesOf(String pool) {
        return observer.instances().stream().filter(i -> pool.equals(Observer.tag(i, NODEPOOL_LABEL))).toList();
    }

    private static List<NodeClaim> nodeClaimsOf(String pool) {
        return sandbox.kube().resources(NodeClaim.class).list().getItems().stream()
            .filter(c -> c.getMetadata().getLabels() != null && pool.equals(c.getMetadata().getLabels().get(NODEPOOL_LABEL)))
            .toList();
    }

    private static List<Node> nodesOf(String pool) {
        return observer.nodes().stream()
            .filter(nd -> nd.getMetadata().getLabels() != null && pool.equals(nd.getMetadata().getLabels().get(NODEPOOL_LABEL)))
            .toList();
    }

    private static List<Pod> podsOf(Deployment d) {
        String app = d.getSpec().getTemplate().getMetadata().getLabels().get("app");
        return observer.pods().stream()
            .filter(p -> p.getMetadata().getLabels() != null && app.equals(p.getMetadata().getLabels().get("app")))
            .toList();
    }

    /** The launch records of the NodePool read so far, by NodeClaim name, in the order read. */
    private static Map<String, NodeClaimLaunch> launchesOf(String pool) {
        Map<String, NodeClaimLaunch> out = new java.util.LinkedHashMap<>();
        observer.launches().forEach((name, l) -> {
            if (pool.equals(l.nodePool())) {
                out.put(name, l);
            }
        });
        return out;
    }

    private static List<NodeClaimLaunch> laterLaunches(String pool, Set<String> first) {
        return launchesOf(pool).values().stream().filter(l -> !first.contains(l.nodeClaimName())).toList();
    }

    private static int podsIn(Collection<NodeClaimLaunch> launches) {
        return launches.stream().mapToInt(l -> l.pods().size()).sum();
    }

    /** The latest outcome the provisioner published after {@code after} for each of these pods (by uid). */
    private static Map<String, PodOutcome> provisionerOutcomesAfter(Instant after, Set<String> uids) {
        Map<String, PodOutcome> out = new java.util.HashMap<>();
        for (DecisionRecord d : observer.decisions()) {
            if ("provisioner".equals(d.service()) && d.at().isAfter(after)) {
                d.podOutcomes().stream().filter(o -> uids.contains(o.pod().uid())).forEach(o -> out.put(o.pod().uid(), o));
            }
        }
        return out;
    }

    /** The latest provisioning outcome of the Deployment's pending pods, by reason code. */
    private static Map<String, Integer> pendingOutcomes(String pool, Deployment d) {
        observer.drain();
        Map<String, Integer> out = new TreeMap<>();
        for (Pod p : podsOf(d)) {
            if (isBound(p)) {
                continue;
            }
            PodOutcome o = observer.outcome(p.getMetadata().getUid());
            out.merge(o == null ? "(none)" : o.reason().name(), 1, Integer::sum);
        }
        return out;
    }

    /** Polls (every 200 ms) until at least {@code k} NodeClaims of the NodePool exist. */
    private static void awaitNodeClaims(String pool, int k, Duration timeout) {
        int[] seen = {0};
        boolean ok = poll(timeout, 200, () -> {
            seen[0] = nodeClaimsOf(pool).size();
            return seen[0] >= k;
        });
        assertThat(ok).as(k + " NodeClaims of " + pool + " within " + timeout + " (saw " + seen[0] + ")").isTrue();
    }

    /** Polls the launch topic until at least {@code k} records of the NodePool were read; returns when they were. */
    private static Instant awaitLaunches(String pool, int k, Duration timeout) {
        boolean ok = poll(timeout, 200, () -> {
            observer.drain();
            return launchesOf(pool).size() >= k;
        });
        assertThat(ok).as(k + " launch records of " + pool + " within " + timeout).isTrue();
        return Instant.now();
    }

    private static boolean poll(Duration timeout, long everyMillis, BooleanSupplier done) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (done.getAsBoolean()) {
                return true;
            }
            if (!Instant.now().isBefore(deadline)) {
                return false;
            }
            Sandbox.sleep(everyMillis);
        }
    }

    private static void assertRunning(String service) {
        assertThat(sandbox.pids()).as("processes of the sandbox").containsKey(service);
        assertThat(sandbox.isAlive(service)).as(service + " alive").isTrue();
        assertThat(sandbox.isPaused(service)).as(service + " paused").isFalse();
    }

    private static boolean isBound(Pod p) {
        return p.getSpec() != null && p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static void summary(String scenario, String pool, int n, Result r, Instant start, Instant backAt) {
        System.out.printf("e2e backlog [%s] %s: %d pods, expected %d NodeClaims; instances %d, NodeClaims %d, Nodes %d,"
                + " empty Nodes %d, launch records %d; all bound %d s after the launcher was back, %d s after scale-up%n",
            pool, scenario, r.pods.size(), n, r.instances.size(), r.claims.size(), r.nodes.size(), r.emptyNodes().size(),
            launchesOf(pool).size(), Duration.between(backAt, r.allBoundAt).toSeconds(),
            Duration.between(start, r.allBoundAt).toSeconds());
    }
}
