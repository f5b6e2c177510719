package io.kafkarpenter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SimulateTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String path) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Simulate.run(path, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource({
            "unparsable.yaml, not valid YAML",
            "bad-quantity.yaml, pods[0].spec.containers[0].resources.requests.cpu: '1x5' is not a Kubernetes quantity",
            "unknown-operator.yaml, nodePools[0].spec.template.spec.requirements[0].operator: NodePool default: unsupported operator",
            "pod-unknown-operator.yaml, pods[0].spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator: unknown operator 'Near'",
            "missing-nodeclass.yaml, nodePools[0].spec.template.spec.nodeClassRef.name: NodePool default references EC2NodeClass other",
            "duplicate-pods.yaml, pods[1].metadata.name: pod default/web is defined twice"})
    void badInputExitsTwoWithOneLineNamingFileAndField(String file, String expected) {
        String path = "src/test/resources/bad/" + file;
        Run r = run(path);
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip()).doesNotContain("\n").startsWith(path + ": ").contains(expected);
    }

    @Test
    void decidesAScenarioWithDeploymentsAndReportsUnschedulablePods(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, """
                name: small
                catalog: aws-small
                nodePools:
                - metadata: {name: default}
                  spec:
                    limits: {cpu: "4"}
                    template:
                      spec:
                        nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                        expireAfter: 720h
                        requirements:
                        - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
                        - {key: kubernetes.io/arch, operator: In, values: [amd64]}
                pods:
                - apiVersion: apps/v1
                  kind: Deployment
                  metadata: {name: web}
                  spec:
                    replicas: 3
                    template:
                      metadata: {labels: {app: web}}
                      spec:
                        containers: [{name: a, resources: {requests: {cpu: 500m, memory: 512Mi}}}]
                - apiVersion: v1
                  kind: Pod
                  metadata: {name: huge}
                  spec:
                    containers: [{name: a, resources: {requests: {cpu: "300"}}}]
                """);
        Run r = run(file.toString());
        assertThat(r.code()).isZero();
        JsonNode out = new ObjectMapper().readTree(r.out());
        assertThat(out.get("nodeClaims")).hasSize(1);
        JsonNode claim = out.get("nodeClaims").get(0);
        assertThat(claim.get("pods")).hasSize(3);
        assertThat(claim.get("capacityType").asText()).isEqualTo("on-demand");
        assertThat(out.get("unschedulable").get(0).get("pod").asText()).isEqualTo("default/huge");
        assertThat(out.get("unschedulable").get(0).get("reason").asText()).contains("cpu");
        assertThat(out.get("summary").get("scheduled").asInt()).isEqualTo(3);
    }
}
