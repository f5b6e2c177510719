package io.kafkarpenter.cli.tags;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.discovery.DiscoverySelection;

/** Usage errors exit 2 with a one-line reason and the usage, before anything talks to AWS. */
class TagsArgumentsTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aMissingOrUnknownSubcommandIsAUsageError() {
        assertThat(run(Map.of(), "tags")).isEqualTo(2);
        assertThat(run(Map.of(), "tags", "fix", "--cluster", "demo")).isEqualTo(2);
        assertThat(err()).contains("usage: bin/kk tags check --cluster NAME");
        assertThat(out()).isEmpty();
    }

    @Test
    void theClusterIsRequiredAndOptionsAreChecked() {
        assertThat(run(Map.of("AWS_REGION", "us-west-2"), "tags", "check")).isEqualTo(2);
        assertThat(err()).startsWith("kk tags check: --cluster NAME is required");

        assertThat(run(Map.of("AWS_REGION", "us-west-2"), "tags", "check", "--cluster", "demo", "--bogus")).isEqualTo(2);
        assertThat(err()).contains("kk tags check: unknown option --bogus");

        assertThat(run(Map.of("AWS_REGION", "us-west-2"), "tags", "check", "--cluster")).isEqualTo(2);
        assertThat(err()).contains("option --cluster needs a value");

        assertThat(run(Map.of(), "tags", "check", "--cluster", "demo", "--dry-run")).as("apply only").isEqualTo(2);
    }

    @Test
    void aBadSelectionNamesTheOption() {
        assertThat(run(Map.of("AWS_REGION", "us-west-2"), "tags", "apply", "--cluster", "demo", "--subnets", "public"))
            .isEqualTo(2);
        assertThat(err()).contains("kk tags apply: --subnets=public is not valid");
    }

    @Test
    void withoutARegionAnywhereItSaysSoButAnEndpointDefaultsToUsEast1() {
        assertThat(run(Map.of(), "tags", "check", "--cluster", "demo")).isEqualTo(2);
        assertThat(err()).contains("no region: give --region or set AWS_REGION");

        TagsSettings s = TagsSettings.parse(new String[] {"tags", "check", "--cluster", "demo", "--endpoint",
            "http://127.0.0.1:4566"}, 2, new HashMap<>(), Map.of());
        assertThat(s.region()).isEqualTo("us-east-1");
        assertThat(s.endpoint()).isEqualTo(URI.create("http://127.0.0.1:4566"));
        assertThat(s.selection()).isEqualTo(DiscoverySelection.defaults());
    }

    @Test
    void regionComesFromTheOptionThenAwsRegionThenAwsDefaultRegion() {
        Map<String, String> env = Map.of("AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "eu-central-1");
        assertThat(parse(env, "--cluster", "demo", "--region", "us-west-2").region()).isEqualTo("us-west-2");
        assertThat(parse(env, "--cluster", "demo").region()).isEqualTo("eu-west-1");
        assertThat(parse(Map.of("AWS_DEFAULT_REGION", "eu-central-1"), "--cluster", "demo").region())
            .isEqualTo("eu-central-1");
        assertThat(parse(env, "--cluster", "demo", "--subnets", "all", "--security-groups", "sg-1,sg-2").selection())
            .isEqualTo(DiscoverySelection.parse("all", "sg-1,sg-2"));
    }

    private static TagsSettings parse(Map<String, String> env, String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "tags";
        args[1] = "check";
        System.arraycopy(options, 0, args, 2, options.length);
        return TagsSettings.parse(args, 2, new HashMap<>(), env);
    }

    private int run(Map<String, String> env, String... args) {
        err.reset();
        return Tags.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), env);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
