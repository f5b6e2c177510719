package io.kafkarpenter.sandbox.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.sandbox.e2e.chaos.ChaosRun;

/**
 * Issue 17's short chaos run (bin/kk chaos's code, {@link ChaosRun}): 2 minutes of chaos with a fixed seed — services
 * killed with SIGKILL and restarted, the broker restarted once, EC2 faults, a spot interruption, a Node and a
 * NodeClaim deleted out of band, malformed records, waves of pods up and down — then 60 s after the last fault the
 * final checks. Every invariant must hold (0 violations), and the chaos must have happened: at least 3 kills, the
 * broker restart, EC2 faults. Target: ≤ 3.5 min including the sandbox's start.
 */
class ChaosIT {

    private static final long SEED = 17;

    @Test
    void twoMinutesOfChaosBreakNoInvariant() throws Exception {
        Path home = Path.of(System.getProperty("kk.home", "../..")).toAbsolutePath().normalize();
        Instant start = Instant.now();
        ChaosRun.Result result = ChaosRun.run(home, home.resolve("deploy/e2e/target/chaos-it"), SEED,
            Duration.ofMinutes(2), System.out);
        System.out.println("ChaosIT: " + Duration.between(start, Instant.now()).toSeconds() + " s in all");
        Map<String, Integer> survived = result.survived();
        assertEquals(0, result.violations(), result.report());
        assertTrue(survived.getOrDefault("kill", 0) >= 3, "at least 3 kills: " + survived);
        assertEquals(1, survived.getOrDefault("broker restart", 0), "one broker restart: " + survived);
        int ec2Faults = survived.entrySet().stream().filter(e -> e.getKey().startsWith("ec2 "))
            .mapToInt(Map.Entry::getValue).sum();
        assertTrue(ec2Faults >= 3, "EC2 faults injected: " + survived);
        assertEquals(0, survived.getOrDefault("actions failed", 0), "every chaos action ran: " + survived);
    }
}
