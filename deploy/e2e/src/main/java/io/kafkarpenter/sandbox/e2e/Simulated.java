package io.kafkarpenter.sandbox.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kafkarpenter.cli.Simulate;

/** What {@code bin/kk simulate} decides for a NodePool, an EC2NodeClass and Deployments (one solve, one batch). */
public final class Simulated {

    /** The decision's cost per hour, NodeClaims and unschedulable pods. */
    public record Decision(double costPerHour, int nodeClaims, int unschedulable) {
    }

    private Simulated() {
    }

    public static Decision decide(String nodePoolYaml, String nodeClassYaml, List<Deployment> deployments, Path dir)
        throws IOException {
        return decide(List.of(nodePoolYaml), nodeClassYaml, deployments, dir);
    }

    /** The same with several NodePools. */
    public static Decision decide(List<String> nodePoolYamls, String nodeClassYaml, List<Deployment> deployments,
                                  Path dir) throws IOException {
        StringBuilder yaml = new StringBuilder("name: e2e\ncatalog: aws\n")
            .append("zones: [us-east-1a, us-east-1b, us-east-1c]\nnodePools:\n");
        nodePoolYamls.forEach(p -> yaml.append(item(p)));
        yaml.append("nodeClasses:\n").append(item(nodeClassYaml)).append("pods:\n");
        for (Deployment d : deployments) {
            yaml.append(item(Serialization.asYaml(d).replaceFirst("^---\\n", "")));
        }
        Files.createDirectories(dir);
        Path scenario = dir.resolve("simulated-scenario.yaml");
        Files.writeString(scenario, yaml.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Simulate.run(scenario.toString(), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalArgumentException("simulate failed on " + scenario + ": " + err);
        }
        JsonNode decision = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        return new Decision(decision.get("summary").get("costPerHour").asDouble(), decision.get("nodeClaims").size(),
            decision.get("unschedulable").size());
    }

    /** A YAML document as one item of a YAML list (indented under "  - "). */
    private static String item(String doc) {
        List<String> lines = new ArrayList<>(List.of(doc.strip().split("\n")));
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            b.append(i == 0 ? "  - " : "    ").append(lines.get(i)).append('\n');
        }
        return b.toString();
    }
}
