package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The checked-in deploy/iam/msk/<service>.json are what MskIamPolicies makes of the current chart: a change of a
 * service's Kafka rights (templates/_kafka-access.tpl) must come with regenerated MSK IAM policies.
 */
class MskIamPolicyFilesTest {

    static final Path DIR = Path.of(System.getProperty("kk.project.root", "../.."))
        .toAbsolutePath().normalize().resolve("deploy/iam/msk");
    private static final String REGENERATE = "regenerate them with: bin/kk topics msk-policy --write deploy/iam/msk";

    @Test
    void theCheckedInPoliciesAreWhatTheChartDefines() throws IOException {
        Map<String, MskIamPolicy> policies = MskIamPolicies.fromChart(Map.of());
        for (MskIamPolicy policy : policies.values()) {
            Path file = DIR.resolve(policy.service() + ".json");
            assertThat(file).as("%s is missing; %s", file, REGENERATE).exists();
            assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("%s differs from the policy the chart's Kafka rights give %s; %s", file, policy.service(),
                    REGENERATE)
                .isEqualTo(policy.toJson());
        }
        try (Stream<Path> files = Files.list(DIR)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")))
                .as("policies in %s for services the chart does not have; %s", DIR, REGENERATE)
                .containsExactlyInAnyOrderElementsOf(policies.keySet().stream().map(s -> s + ".json").toList());
        }
    }
}
