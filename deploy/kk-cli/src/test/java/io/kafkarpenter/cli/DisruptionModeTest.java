package io.kafkarpenter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kk simulate} in disruption mode: the decision format of FORMAT.md plus {@code notDisrupted}. */
class DisruptionModeTest {

    private static final String SCENARIO = """
            name: disruption-output
            mode: disruption
            now: '2026-01-02T00:00:00Z'
            instanceTypes:
            - name: m6i.large
              capacity: {cpu: '2', memory: 8Gi, pods: '29'}
              allocatable: {cpu: 1930m, memory: 6903Mi, pods: '29'}
              offerings:
              - {zone: us-east-1a, capacityType: on-demand, price: 0.096}
            nodePools:
            - metadata: {name: default}
              spec:
                template:
                  spec:
                    nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                    requirements:
                    - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
                disruption:
                  budgets: [{nodes: 100%}]
            pdbs:
            - apiVersion: policy/v1
              kind: PodDisruptionBudget
              metadata: {name: keep}
              spec:
                selector: {matchLabels: {app: keep}}
                maxUnavailable: 0
            existingNodes:
            - name: small
              nodePool: default
              instanceType: m6i.large
              labels: {topology.kubernetes.io/zone: us-east-1a, karpenter.sh/capacity-type: on-demand,
                       karpenter.sh/initialized: 'true'}
              createdAt: '2026-01-01T00:00:00Z'
              pods:
              - metadata: {name: web-0, labels: {app: web}}
                spec: {containers: [{name: c, resources: {requests: {cpu: 100m}}}]}
            - name: kept
              nodePool: default
              instanceType: m6i.large
              labels: {topology.kubernetes.io/zone: us-east-1a, karpenter.sh/capacity-type: on-demand,
                       karpenter.sh/initialized: 'true'}
              createdAt: '2026-01-01T00:00:00Z'
              pods:
              - metadata: {name: keep-0, labels: {app: keep}}
                spec: {containers: [{name: c, resources: {requests: {cpu: 100m}}}]}
            """;

    @Test
    void printsTheCommandTheMovesAndWhyTheOtherNodeStays(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, SCENARIO);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Simulate.run(file.toString(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(code).isZero();
        JsonNode d = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));

        JsonNode cmd = d.get("disruptions").get(0);
        assertThat(cmd.get("action").asText()).isEqualTo("delete");
        assertThat(cmd.get("reason").asText()).isEqualTo("underutilized");
        assertThat(cmd.get("nodes").get(0).asText()).isEqualTo("small");
        assertThat(cmd.get("savingsPerHour").asDouble()).isEqualTo(0.096);
        assertThat(d.get("existingNodes").get(0).get("name").asText()).isEqualTo("kept");
        assertThat(d.get("existingNodes").get(0).get("pods").get(0).asText()).isEqualTo("default/web-0");
        JsonNode kept = d.get("notDisrupted").get(0);
        assertThat(kept.get("node").asText()).isEqualTo("kept");
        assertThat(kept.get("reason").asText()).isEqualTo("PDB_BLOCKS");
        assertThat(kept.get("message").asText()).contains("default/keep");
        assertThat(d.get("summary").get("pods").asInt()).isEqualTo(1);
        assertThat(d.get("summary").get("scheduled").asInt()).isEqualTo(1);
        assertThat(d.get("nodeClaims")).isEmpty();
    }
}
