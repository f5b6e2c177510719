package io.kafkarpenter.sandbox.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What an e2e test class runs against: the whole {@link Sandbox} started in its own state directory, the sandbox's
 * EC2NodeClass and the test's NodePools applied, a {@link Workloads} and an {@link Observer} on it.
 */
final class E2eCluster implements AutoCloseable {

    /** The EC2NodeClass every e2e NodePool refers to: the sandbox's discovery-tagged subnets and security group. */
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

    /**
     * Starts every process under {@code deploy/e2e/target/<stateDir>} and applies {@link #NODE_CLASS} and the NodePool
     * manifests. A process that fails to start stops the ones already running.
     */
    static E2eCluster start(String stateDir, List<String> nodePools) throws IOException {
        Path home = Path.of(System.getProperty("kk.home", "../..")).toAbsolutePath().normalize();
        Path state = home.resolve("deploy/e2e/target").resolve(stateDir);
        Sandbox sandbox = new Sandbox(Sandbox.Options.defaults(home, state));
        try {
            sandbox.start();
            Workloads workloads = new Workloads(sandbox.kube());
            Path manifest = state.resolve("nodepools.yaml");
            Files.writeString(manifest, NODE_CLASS + "---\n" + String.join("---\n", nodePools));
            workloads.applyKarpenterManifest(manifest, "kafkarpenter-demo");
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
