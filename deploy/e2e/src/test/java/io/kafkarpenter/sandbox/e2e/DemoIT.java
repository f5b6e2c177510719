package io.kafkarpenter.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * {@code bin/kk demo}, shortened (12 pods instead of 30), with the jars the reactor already built: it must pass and
 * its summary must show the NodePool's cpu limit stopping the launches, the remaining pods pending with the reason.
 */
class DemoIT {

    @Test
    void theDemoPassesAndShowsTheCpuLimitWithTheRemainingPodsPending() throws Exception {
        Path home = Path.of(System.getProperty("kk.home", "../..")).toAbsolutePath().normalize();
        Path output = home.resolve("deploy/e2e/target/demo-it.out");
        Process demo = new ProcessBuilder("bash", home.resolve("bin/kk").toString(), "demo", "--pods", "12",
            "--no-build", "--timeout", "150s")
            .redirectErrorStream(true).redirectOutput(output.toFile())
            .directory(home.toFile())
            .start();
        demo.getOutputStream().close();
        boolean finished = demo.waitFor(4, TimeUnit.MINUTES);
        if (!finished) {
            demo.destroy();
        }
        String out = Files.readString(output);
        assertThat(finished).as("finished within 4 minutes:\n" + out).isTrue();
        assertThat(demo.exitValue()).as(out).isZero();
        assertThat(out).contains("demo OK")
            .contains("NODEPOOL_LIMIT_REACHED")
            .contains("cpu limit 10")
            .contains("pending -> bound: p50")
            .contains("/q/metrics");
    }
}
