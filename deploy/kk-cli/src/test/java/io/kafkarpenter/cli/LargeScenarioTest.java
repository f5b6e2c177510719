package io.kafkarpenter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Scenario files beyond SnakeYAML's default 3 MiB: a 1,000-node disruption snapshot reads; past the bound, a clear error. */
class LargeScenarioTest {

    /** 1,000 half-used m6i.2xlarge nodes, 20 pods each, written like the public scenarios (~10 MB). */
    static String thousandNodes() {
        StringBuilder sb = new StringBuilder("""
                name: thousand-nodes
                mode: disruption
                instanceTypes:
                - name: m6i.2xlarge
                  capacity: {cpu: '8', memory: 32Gi, pods: '58'}
                  allocatable: {cpu: 7910m, memory: 29317Mi, pods: '58'}
                  labels: {kubernetes.io/arch: amd64, kubernetes.io/os: linux}
                  offerings:
                  - {zone: us-east-1a, capacityType: on-demand, price: 0.384}
                  - {zone: us-east-1b, capacityType: on-demand, price: 0.384}
                nodePools:
                - apiVersion: karpenter.sh/v1
                  kind: NodePool
                  metadata: {name: default}
                  spec:
                    template:
                      spec:
                        nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                        requirements:
                        - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
                    disruption:
                      consolidationPolicy: WhenEmptyOrUnderutilized
                      consolidateAfter: 0s
                      budgets:
                      - {nodes: 100%}
                now: '2026-01-02T00:00:00Z'
                existingNodes:
                """);
        for (int n = 0; n < 1000; n++) {
            String node = String.format("node-%04d", n);
            sb.append("- name: ").append(node).append("""

                  nodePool: default
                  instanceType: m6i.2xlarge
                  labels:
                    kubernetes.io/hostname: %s
                    topology.kubernetes.io/zone: us-east-1%s
                    karpenter.sh/capacity-type: on-demand
                    karpenter.sh/initialized: 'true'
                  createdAt: '2026-01-01T00:00:00Z'
                  pods:
                """.formatted(node, n % 2 == 0 ? "a" : "b"));
            for (int p = 0; p < 20; p++) {
                String pod = String.join("\n",
                        "  - apiVersion: v1",
                        "    kind: Pod",
                        "    metadata:",
                        "      name: web-%1$s-%2$d",
                        "      namespace: default",
                        "      labels: {app: web-%3$d, team: platform}",
                        "      ownerReferences:",
                        "      - {apiVersion: apps/v1, kind: ReplicaSet, name: web-%3$d-7c9d8f6b5,"
                                + " uid: a9dedc70-c52e-8c75-8a30-fca1b8fe7b48, controller: true, blockOwnerDeletion: true}",
                        "    spec:",
                        "      nodeName: %1$s",
                        "      containers:",
                        "      - name: app",
                        "        image: public.ecr.aws/eks-distro/kubernetes/pause:3.7",
                        "        resources:",
                        "          requests: {cpu: 190m, memory: 256Mi}",
                        "");
                sb.append(pod.formatted(node, p, p % 7));
            }
        }
        return sb.toString();
    }

    @Test
    void aThousandNodeSnapshotOfTenMegabytesIsRead(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("thousand.yaml");
        Files.writeString(file, thousandNodes());
        assertThat(Files.size(file)).isGreaterThan(8L << 20);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int code = Simulate.run(file.toString(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(code).isZero();
        JsonNode decision = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        System.out.printf("%.1f MB read and decided in %d ms (planner %s ms)%n", Files.size(file) / 1e6, ms,
                decision.get("summary").get("elapsedMs"));
        assertThat(decision.get("disruptions")).hasSize(1);
        assertThat(decision.get("disruptions").get(0).get("nodes").size()).isGreaterThan(400);
    }

    @Test
    void aFileAboveTheBoundIsRefusedWithAClearError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("huge.yaml");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(ScenarioReader.MAX_FILE_BYTES + 1); // sparse: no need to write it
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Simulate.run(file.toString(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo(file + ": the file is 64.0 MiB; scenarios are read up to 64 MiB");
    }
}
