package io.kafkarpenter.sandbox.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.kafkarpenter.sandbox.kube.rbac.RbacUsageSuites;
import io.kafkarpenter.sandbox.usage.UsageSuites;

/**
 * What an e2e test class runs against: the whole {@link Sandbox} started in its own state directory, the sandbox's
 * EC2NodeClass and the test's NodePools applied, a {@link Workloads} and an {@link Observer} on it.
 */
final class E2eCluster implements AutoCloseable {

    /**
     * The EC2NodeClass every e2e NodePool refers to, the workshop's: the subnets and security group carrying the
     * discovery tag, which the sandbox starts without and the tag-reconciler writes (the private subnets and the
     * cluster security group).
     */
    static final String NODE_CLASS = """
        apiVersion: karpenter.k8s.aws/v1
        kind: EC2NodeClass
        metadata:
          name: default
        spec:
          amiSelectorTerms:
            - alias: al2023@latest
          role: karpenterNodeRole-kafkarpenter-demo
          securityGroupSelectorTerms:
            - tags:
                karpenter.sh/discovery: kafkarpenter-demo
          subnetSelectorTerms:
            - tags:
                karpenter.sh/discovery: kafkarpenter-demo
        """;

    final Sandbox sandbox;
    final Workloads workloads;
    final Observer observer;

    private E2eCluster(Sandbox sandbox, Workloads workloads, Observer observer) {
        this.sandbox = sandbox;
        this.workloads = workloads;
        this.observer = observer;
    }

    /** How long the tag-reconciler may take to tag the cluster and make the applied EC2NodeClasses Ready. */
    static final Duration NODE_CLASSES_READY = Duration.ofSeconds(60);

    /**
     * Starts every process under {@code deploy/e2e/target/<stateDir>}, applies {@link #NODE_CLASS} and the NodePool
     * manifests, and waits until the tag-reconciler has made every EC2NodeClass Ready. A process that fails to start
     * stops the ones already running.
     */
    static E2eCluster start(String stateDir, List<String> nodePools) throws IOException {
        return start(stateDir, nodePools, Set.of());
    }

    /**
     * As {@link #start(String, List)}, without starting the {@code withheld} services ({@link Sandbox#withhold});
     * without the tag-reconciler it does not wait for the EC2NodeClasses (none becomes Ready).
     */
    static E2eCluster start(String stateDir, List<String> nodePools, Set<String> withheld) throws IOException {
        Path home = Path.of(System.getProperty("kk.home", "../..")).toAbsolutePath().normalize();
        Path state = home.resolve("deploy/e2e/target").resolve(stateDir);
        Sandbox sandbox = new Sandbox(Sandbox.Options.defaults(home, state))
            .rbacUsageDir(RbacUsageSuites.dir("e2e").orElse(null))
            .iamUsageDir(UsageSuites.IAM.dir("e2e").orElse(null));
        withheld.forEach(sandbox::withhold);
        try {
            sandbox.start();
            Workloads workloads = new Workloads(sandbox.kube());
            Path manifest = state.resolve("nodepools.yaml");
            Files.writeString(manifest, NODE_CLASS + "---\n" + String.join("---\n", nodePools));
            workloads.applyKarpenterManifest(manifest, "kafkarpenter-demo");
            if (!withheld.contains("tag-reconciler")) {
                workloads.awaitNodeClassesReady(NODE_CLASSES_READY);
            }
            return new E2eCluster(sandbox, workloads, new Observer(sandbox, workloads));
        } catch (IOException | RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    @Override
    public void close() {
        observer.close();
        sandbox.close();
    }
}
