package io.kafkarpenter.sandbox.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kafkarpenter.model.crd.NodeClaim;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * The sandbox of the disruption e2e tests and what they look at. Three NodePools, kept apart by taints (a pod lands
 * only in the pool it tolerates):
 * <ul>
 *   <li>{@code default}: the workshop NodePool of {@code deploy/demo/nodepool-default.yaml} unchanged (cpu limit 10,
 *       WhenEmptyOrUnderutilized after 30s, EC2NodeClass {@code default} = {@code al2023@latest});</li>
 *   <li>{@code forge}: c6a.xlarge only, never consolidated in the test's time (WhenEmpty after 10m), on an
 *       EC2NodeClass pinned to {@code al2023@v20261101} so a new AMI does not drift it: the forged records' targets;</li>
 *   <li>{@code drift}: c6a.xlarge only, WhenEmpty after 10m, disruption budget of one node, EC2NodeClass
 *       {@code default}: drifts when a newer AMI is published.</li>
 * </ul>
 */
final class DisruptionScene implements AutoCloseable {

    static final String NODEPOOL = "karpenter.sh/nodepool";
    static final String NODECLAIM_TAG = "karpenter.sh/nodeclaim";
    static final String POOL_TAINT = "kk-e2e/pool";

    final E2eCluster cluster;
    final Sandbox sandbox;
    final Workloads workloads;
    final Observer observer;
    final DisruptionWatch watch;

    private DisruptionScene(E2eCluster cluster) {
        this.cluster = cluster;
        this.sandbox = cluster.sandbox;
        this.workloads = cluster.workloads;
        this.observer = cluster.observer;
        // the stand-in's ReplicaSet controller replaces an evicted pod with a pending one, as on a real cluster
        this.workloads.keepReplicas();
        this.watch = new DisruptionWatch(sandbox.kube());
    }

    /**
     * The launcher's lifecycle interval (registration, initialization, the disruption and termination steps) is 1 s
     * instead of 5 s: a replace then takes ~15 s instead of ~40 s, which the time budget of the e2e tests needs. Set
     * through {@code kk.sandbox.env.launcher} for the first start (restored at once, other test classes share the JVM)
     * and {@link Sandbox#serviceEnv} for restarts.
     */
    static final Map<String, String> LAUNCHER_ENV = Map.of("KK_LAUNCHER_LIFECYCLE_INTERVAL", "1s");

    static DisruptionScene start(String stateDir) throws IOException {
        Path home = Path.of(System.getProperty("kk.home", "../..")).toAbsolutePath().normalize();
        String workshop = Files.readString(home.resolve("deploy/demo/nodepool-default.yaml")).split("(?m)^---$")[0];
        return start(stateDir, List.of(workshop, PINNED_CLASS,
            pool("forge", "pinned", "consolidationPolicy: WhenEmpty\n    consolidateAfter: 10m"),
            pool("drift", "default", "consolidationPolicy: WhenEmpty\n    consolidateAfter: 10m\n"
                + "    budgets:\n      - nodes: \"1\"")));
    }

    /**
     * A sandbox with these NodePools (and EC2NodeClasses besides {@link E2eCluster#NODE_CLASS}), the launcher's
     * lifecycle interval at {@link #LAUNCHER_ENV}.
     */
    static DisruptionScene start(String stateDir, List<String> manifests) throws IOException {
        String property = "kk.sandbox.env.launcher";
        String given = System.getProperty(property);
        StringBuilder env = new StringBuilder(given == null ? "" : given);
        LAUNCHER_ENV.forEach((k, v) -> env.append(' ').append(k).append('=').append(v));
        System.setProperty(property, env.toString().trim());
        E2eCluster cluster;
        try {
            cluster = E2eCluster.start(stateDir, manifests);
        } finally {
            if (given == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, given);
            }
        }
        LAUNCHER_ENV.forEach((k, v) -> cluster.sandbox.serviceEnv("launcher", k, v));
        return new DisruptionScene(cluster);
    }

    static final String PINNED_CLASS = E2eCluster.NODE_CLASS.replace("name: default", "name: pinned")
        .replace("al2023@latest", "al2023@v20261101");

    private static String pool(String name, String nodeClass, String disruption) {
        return pool(name, nodeClass, "c6a.xlarge", "on-demand", disruption);
    }

    /**
     * A NodePool of one instance type and capacity type, tainted {@code kk-e2e/pool=<name>:NoSchedule} (the pods of
     * {@link #deployment} tolerate it), that never expires.
     */
    static String pool(String name, String nodeClass, String instanceType, String capacityType, String disruption) {
        return """
            apiVersion: karpenter.sh/v1
            kind: NodePool
            metadata:
              name: %s
            spec:
              template:
                spec:
                  nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: %s}
                  expireAfter: Never
                  taints:
                    - {key: %s, value: %s, effect: NoSchedule}
                  requirements:
                    - {key: node.kubernetes.io/instance-type, operator: In, values: ["%s"]}
                    - {key: karpenter.sh/capacity-type, operator: In, values: ["%s"]}
              disruption:
                %s
            """.formatted(name, nodeClass, POOL_TAINT, name, instanceType, capacityType, disruption);
    }

    /**
     * Pause pods of {@code cpu} each, named {@code app}, in the NodePool (tolerating its taint; {@code default}: no
     * toleration needed), with these pod annotations. Applied; pods come with {@link Workloads#scale}.
     */
    Deployment deployment(String app, String pool, String cpu, Map<String, String> podAnnotations) {
        DeploymentBuilder b = new DeploymentBuilder()
            .withNewMetadata().withName(app).withNamespace(Sandbox.NAMESPACE).endMetadata()
            .withNewSpec().withReplicas(0)
                .withNewSelector().addToMatchLabels("app", app).endSelector()
                .withNewTemplate()
                    .withNewMetadata().addToLabels("app", app).addToAnnotations(podAnnotations).endMetadata()
                    .withNewSpec().withTerminationGracePeriodSeconds(0L)
                        .addToNodeSelector(NODEPOOL, pool)
                        .addNewToleration().withKey(POOL_TAINT).withValue(pool).withOperator("Equal")
                            .withEffect("NoSchedule").endToleration()
                        .addNewContainer().withName("app").withImage("public.ecr.aws/eks-distro/kubernetes/pause:3.7")
                            .withNewResources().addToRequests("cpu", new Quantity(cpu))
                                .addToRequests("memory", new Quantity("128Mi")).endResources()
                        .endContainer()
                    .endSpec()
                .endTemplate()
            .endSpec();
        Deployment d = b.build();
        workloads.apply(d);
        return d;
    }

    // -- what is there ---------------------------------------------------------------------------------------------------

    /** Instances of the NodePool that are pending or running. */
    List<Instance> instancesOf(String pool) {
        return observer.instances().stream().filter(i -> pool.equals(Observer.tag(i, NODEPOOL))).toList();
    }

    /** Every instance EC2 knows, in any state (terminated ones are kept 15 minutes). */
    List<Instance> allInstances() {
        List<Instance> out = new ArrayList<>();
        sandbox.ec2().describeInstancesPaginator(DescribeInstancesRequest.builder().build()).reservations()
            .forEach(r -> out.addAll(r.instances()));
        return out;
    }

    List<NodeClaim> claimsOf(String pool) {
        return sandbox.kube().resources(NodeClaim.class).list().getItems().stream()
            .filter(c -> c.getMetadata().getLabels() != null && pool.equals(c.getMetadata().getLabels().get(NODEPOOL)))
            .toList();
    }

    List<Node> nodesOf(String pool) {
        return observer.nodes().stream()
            .filter(n -> n.getMetadata().getLabels() != null && pool.equals(n.getMetadata().getLabels().get(NODEPOOL)))
            .toList();
    }

    List<Pod> podsOf(String app) {
        return sandbox.kube().pods().inNamespace(Sandbox.NAMESPACE).withLabel("app", app).list().getItems().stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    long readyPods(String app) {
        return podsOf(app).stream().filter(DisruptionWatch::isReady).count();
    }

    double costOf(String pool) {
        return instancesOf(pool).stream().mapToDouble(i -> observer.pricePerHour(i.instanceTypeAsString())).sum();
    }

    static String instanceId(String providerId) {
        return providerId == null ? null : providerId.substring(providerId.lastIndexOf('/') + 1);
    }

    static boolean isBound(Pod p) {
        return p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty();
    }

    // -- waiting ---------------------------------------------------------------------------------------------------------

    /** Polls {@code done} every {@code everyMillis} until it holds or the timeout passes; whether it held. */
    static boolean poll(Duration timeout, long everyMillis, BooleanSupplier done) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            try {
                if (done.getAsBoolean()) {
                    return true;
                }
            } catch (RuntimeException e) {
                // a read failed (a process restarting): try again
            }
            if (!Instant.now().isBefore(deadline)) {
                return false;
            }
            Sandbox.sleep(everyMillis);
        }
    }

    /** Waits until the pool's node set stays the same, all pods of the apps bound, for {@code quiet}. */
    boolean awaitStable(String pool, List<String> apps, Duration quiet, Duration timeout) {
        Object[] last = {null};
        Instant[] since = {Instant.now()};
        return poll(timeout, 1000, () -> {
            List<String> now = new ArrayList<>(instancesOf(pool).stream().map(Instance::instanceId).sorted().toList());
            now.add("claims=" + claimsOf(pool).size());
            now.add("nodes=" + nodesOf(pool).size());
            boolean allBound = apps.stream().allMatch(a -> podsOf(a).stream().allMatch(DisruptionScene::isBound));
            now.add("bound=" + allBound);
            if (!now.equals(last[0])) {
                last[0] = now;
                since[0] = Instant.now();
            }
            return allBound && Duration.between(since[0], Instant.now()).compareTo(quiet) >= 0;
        });
    }

    @Override
    public void close() {
        watch.close();
        workloads.close();
        cluster.close();
    }
}
