package io.kafkarpenter.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** The planner applied pass after pass until it decides nothing: the simulated steady state. */
class DisruptionSimulationTest {

    private static final String TYPES = """
            instanceTypes:
            - name: m6i.large
              capacity: {cpu: '2', memory: 8Gi, pods: '29'}
              allocatable: {cpu: 1930m, memory: 6903Mi, pods: '29'}
              labels: {kubernetes.io/arch: amd64}
              offerings:
              - {zone: us-east-1a, capacityType: on-demand, price: 0.096}
            - name: m6i.2xlarge
              capacity: {cpu: '8', memory: 32Gi, pods: '58'}
              allocatable: {cpu: 7910m, memory: 29317Mi, pods: '58'}
              labels: {kubernetes.io/arch: amd64}
              offerings:
              - {zone: us-east-1a, capacityType: on-demand, price: 0.384}
            nodePools:
            - metadata: {name: default}
              spec:
                template:
                  spec:
                    nodeClassRef: {group: karpenter.k8s.aws, kind: EC2NodeClass, name: default}
                    requirements:
                    - {key: karpenter.sh/capacity-type, operator: In, values: [on-demand]}
                disruption:
                  consolidationPolicy: WhenEmptyOrUnderutilized
                  consolidateAfter: 30s
                  budgets: [{nodes: "1"}]
            """;

    private static String node(String name, String image, String... pods) {
        StringBuilder b = new StringBuilder("""
                - name: %s
                  nodePool: default
                  instanceType: m6i.2xlarge
                  imageID: %s
                  labels: {topology.kubernetes.io/zone: us-east-1a, karpenter.sh/capacity-type: on-demand,
                           karpenter.sh/initialized: 'true'}
                  createdAt: '2026-01-01T00:00:00Z'
                """.formatted(name, image)).append(pods.length == 0 ? "  pods: []\n" : "  pods:\n");
        for (String pod : pods) {
            b.append("""
                      - metadata: {name: %s, labels: {app: web}, creationTimestamp: '2026-01-01T00:00:00Z'}
                        spec: {containers: [{name: c, resources: {requests: {cpu: 400m, memory: 1Gi}}}]}
                    """.formatted(pod));
        }
        return b.toString();
    }

    @Test
    void underutilizedNodesConvergeToTheCheapestNodeOneBudgetedPassAtATime() {
        String scenario = "name: steady\nmode: disruption\nnow: '2026-01-02T00:00:00Z'\n" + TYPES
            + "existingNodes:\n" + node("n1", "ami-1", "a") + node("n2", "ami-1", "b") + node("n3", "ami-1")
            + node("n4", "ami-1", "c");

        DisruptionSimulation.Result r = DisruptionSimulation.untilStable(scenario, 20);

        assertThat(r.initialCostPerHour()).isEqualTo(4 * 0.384);
        assertThat(r.initialNodes()).isEqualTo(4);
        assertThat(r.stable()).isTrue();
        assertThat(r.finalCostPerHour()).isEqualTo(0.096);
        assertThat(r.finalNodesByType()).isEqualTo(Map.of("m6i.large", 1));
        assertThat(r.pendingPods()).isZero();
        // the empty node goes first (emptiness), then consolidation, one node per pass (budget 1)
        assertThat(r.passes().get(0).commands()).singleElement().asString().startsWith("delete empty [n3]");
        assertThat(r.passes().size()).isGreaterThan(2);
        assertThat(r.passes().get(r.passes().size() - 1).commands()).isEmpty();
        assertThat(r.finalScenario()).contains("name: \"a\"").contains("name: \"b\"").contains("name: \"c\"");
    }

    @Test
    void driftedNodesGoOnceAndTheReplacementsCarryTheNewImage() {
        String scenario = "name: drift\nmode: disruption\nnow: '2026-01-02T00:00:00Z'\n" + TYPES.replace(
                "consolidationPolicy: WhenEmptyOrUnderutilized", "consolidationPolicy: WhenEmpty") + """
            nodeClasses:
            - metadata: {name: default}
              spec:
                amiSelectorTerms: [{alias: al2023@latest}]
                role: r
                subnetSelectorTerms: [{tags: {a: b}}]
                securityGroupSelectorTerms: [{tags: {a: b}}]
              status:
                amis:  # as the tag-reconciler lists al2023@latest: the GPU/neuron variants may come first
                - id: ami-2-neuron
                  requirements: [{key: kubernetes.io/arch, operator: In, values: [amd64]},
                                 {key: karpenter.k8s.aws/instance-accelerator-count, operator: Exists}]
                - id: ami-2-nvidia
                  requirements: [{key: kubernetes.io/arch, operator: In, values: [amd64]},
                                 {key: karpenter.k8s.aws/instance-gpu-count, operator: Exists}]
                - id: ami-2
                  requirements: [{key: kubernetes.io/arch, operator: In, values: [amd64]},
                                 {key: karpenter.k8s.aws/instance-gpu-count, operator: DoesNotExist},
                                 {key: karpenter.k8s.aws/instance-accelerator-count, operator: DoesNotExist}]
            existingNodes:
            """ + node("n1", "ami-1", "a", "b") + node("n2", "ami-1", "c");

        DisruptionSimulation.Result r = DisruptionSimulation.untilStable(scenario, 20);

        assertThat(r.stable()).isTrue();
        assertThat(r.passes().stream().flatMap(p -> p.commands().stream()).filter(c -> c.contains("drifted")))
            .containsExactly("delete drifted [n1] saves $0.3840/h", "replace drifted [n2] -> [m6i.large] saves $0.2880/h");
        assertThat(r.finalNodes()).isEqualTo(1);
        assertThat(r.finalScenario()).doesNotContain("imageID: \"ami-1\"").contains("imageID: \"ami-2\"")
            .as("a plain type launches the standard AMI, not a variant listed before it").doesNotContain("imageID: \"ami-2-n");
        assertThat(r.pendingPods()).isZero();
    }

    @Test
    void oneDecisionIsWhatBinKkSimulatePrints() {
        String scenario = "name: one\nmode: disruption\nnow: '2026-01-02T00:00:00Z'\n" + TYPES
            + "existingNodes:\n" + node("n1", "ami-1");

        Map<String, Object> decision = DisruptionSimulation.decide(scenario);

        assertThat(decision.get("disruptions").toString()).contains("action=delete").contains("reason=empty");
    }

    @Test
    void theCommandLinePrintsThePassesAndTheFinalCost(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("s.yaml");
        java.nio.file.Files.writeString(file, "name: cli\nmode: disruption\nnow: '2026-01-02T00:00:00Z'\n" + TYPES
            + "existingNodes:\n" + node("n1", "ami-1", "a") + node("n2", "ami-1", "b"));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();

        int rc = SimulateSteadyState.run(file.toString(), false, new java.io.PrintStream(out, true),
            new java.io.PrintStream(err, true));

        assertThat(rc).as(err.toString()).isZero();
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(out.toString());
        assertThat(json.get("stable").asBoolean()).isTrue();
        assertThat(json.get("initialCostPerHour").asDouble()).isEqualTo(0.768);
        assertThat(json.get("finalCostPerHour").asDouble()).isEqualTo(0.096);
        assertThat(json.get("passes").get(0).get("commands").get(0).asText()).isEqualTo("delete underutilized [n1] saves $0.3840/h");
        assertThat(SimulateSteadyState.run(dir.resolve("missing.yaml").toString(), true, new java.io.PrintStream(out),
            new java.io.PrintStream(err))).isEqualTo(2);
    }
}
