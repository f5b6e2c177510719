package io.kafkarpenter.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Scenario files with YAML anchors, aliases and merge keys read as YAML defines them (issue 19 §1). */
class ScenarioYamlTest {

    @TempDir
    Path dir;

    private static final String HEAD = """
            name: anchors
            catalog: aws
            zones: [us-east-1a, us-east-1b]
            nodePools:
              - apiVersion: karpenter.sh/v1
                kind: NodePool
                metadata: {name: default}
                spec:
                  template:
                    spec:
                      nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                      requirements:
                        - {key: topology.kubernetes.io/zone, operator: In, values: [&zone us-east-1b, us-east-1a]}
                        - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
            """;

    private Map<String, Object> decide(String yaml) throws Exception {
        File file = dir.resolve("s.yaml").toFile();
        Files.writeString(file.toPath(), yaml);
        return Simulate.decide(ScenarioReader.read(file));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> claims(Map<String, Object> d) {
        return (List<Map<String, Object>>) d.get("nodeClaims");
    }

    @Test
    void mappingAndScalarAliasesResolve() throws Exception {
        Map<String, Object> d = decide(HEAD + """
                pods:
                  - kind: Pod
                    metadata: {name: a}
                    spec:
                      nodeSelector: &sel {kubernetes.io/arch: arm64}
                      affinity:
                        nodeAffinity:
                          requiredDuringSchedulingIgnoredDuringExecution:
                            nodeSelectorTerms:
                              - matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [*zone]}]
                      containers: [{name: c, image: x, resources: {requests: {cpu: "1"}}}]
                  - kind: Pod
                    metadata: {name: b}
                    spec:
                      nodeSelector: *sel
                      containers: [{name: c, image: x, resources: {requests: {cpu: "1"}}}]
                """);
        assertThat((List<?>) d.get("unschedulable")).isEmpty();
        // arm64 (Graviton) types only: a1, or a family ending in g (c7g, m6gd, ...)
        assertThat(claims(d)).allSatisfy(c -> assertThat(String.valueOf(c.get("instanceType")))
                .matches("(a1|[a-z]+[0-9]+g[a-z]*)\\..*"));
        assertThat(claims(d).stream().filter(c -> ((List<?>) c.get("pods")).contains("default/a")).findFirst()
                .orElseThrow().get("zone")).isEqualTo("us-east-1b");
    }

    @Test
    void sequenceAliasAndMergeKeyResolve() throws Exception {
        Map<String, Object> d = decide(HEAD + """
                pods:
                  - &web
                    kind: Deployment
                    metadata: {name: web}
                    spec:
                      replicas: 2
                      template:
                        metadata: {labels: {app: web}}
                        spec:
                          tolerations: &tol [{key: dedicated, operator: Exists}]
                          containers: [{name: c, image: x, resources: {requests: {cpu: "1"}}}]
                  - <<: *web
                    metadata: {name: api}
                    spec:
                      replicas: 1
                      template:
                        spec:
                          tolerations: *tol
                          containers: [{name: c, image: x, resources: {requests: {cpu: "3"}}}]
                """);
        assertThat((List<?>) d.get("unschedulable")).isEmpty();
        List<Object> pods = claims(d).stream().flatMap(c -> ((List<Object>) c.get("pods")).stream()).toList();
        assertThat(pods).containsExactlyInAnyOrder("default/web-0", "default/web-1", "default/api-0");
    }

    @Test
    void anAliasBombIsRefusedWithAClearError() throws Exception {
        StringBuilder yaml = new StringBuilder(HEAD).append("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int i = 1; i <= 9; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        File file = dir.resolve("bomb.yaml").toFile();
        Files.writeString(file.toPath(), yaml);
        assertThatThrownBy(() -> ScenarioReader.read(file))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("not valid YAML")
                .hasMessageContaining("alias bomb");
    }
}
