package io.kafkarpenter.cli.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** bin/kk chart: arguments, and the rendered manifests on stdout. */
class ChartCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void usageErrorsExit2() {
        assertThat(run("chart")).isEqualTo(2);
        assertThat(run("chart", "install")).isEqualTo(2);
        assertThat(err()).contains("usage: bin/kk chart template");
        assertThat(run("chart", "template", "--set")).isEqualTo(2);
        assertThat(err()).contains("--set needs key=value");
        assertThat(run("chart", "template", "--set", "novalue")).isEqualTo(2);
        assertThat(run("chart", "template", "--bogus")).isEqualTo(2);
        assertThat(err()).contains("unknown argument --bogus");
        assertThat(out()).isEmpty();
    }

    @Test
    void templatePrintsTheManifestsWithTheValues() {
        assertThat(run("chart", "template", "--set", "settings.clusterName=demo",
            "--set=kafka.bootstrapServers=k1:9092,k2:9092")).isEqualTo(0);
        assertThat(out()).contains("kind: Deployment", "name: kafkarpenter-launcher", "value: \"demo\"",
            "value: \"k1:9092,k2:9092\"");
        assertThat(err()).isEmpty();
    }

    @Test
    void aChartThatDoesNotRenderExits1WithHelmsReason() {
        assertThat(run("chart", "template")).isEqualTo(1);
        assertThat(err()).contains("settings.clusterName is required");
    }

    @Test
    void crdsAndLint() {
        assertThat(run("chart", "template", "--crds")).isEqualTo(0);
        assertThat(out()).contains("kind: \"CustomResourceDefinition\"", "name: \"nodepools.karpenter.sh\"");
        out.reset();
        assertThat(run("chart", "lint", "--set", "settings.clusterName=demo")).isEqualTo(0);
        assertThat(out()).contains("1 chart(s) linted, 0 chart(s) failed");
    }

    private int run(String... args) {
        err.reset();
        return ChartCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
