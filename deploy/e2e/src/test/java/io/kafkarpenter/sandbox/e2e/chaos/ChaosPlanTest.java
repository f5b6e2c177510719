package io.kafkarpenter.sandbox.e2e.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChaosPlanTest {

    @Test
    void theSameSeedDrawsTheSamePlanAndAnotherSeedAnother() {
        assertEquals(ChaosPlan.draw(17, Duration.ofMinutes(2)), ChaosPlan.draw(17, Duration.ofMinutes(2)));
        assertNotEquals(ChaosPlan.draw(17, Duration.ofMinutes(2)).actions(),
            ChaosPlan.draw(18, Duration.ofMinutes(2)).actions());
    }

    @Test
    void everyFaultFallsBeforeTheQuietTailAndKillsComeEvery20To40Seconds() {
        for (long seed = 0; seed < 50; seed++) {
            ChaosPlan plan = ChaosPlan.draw(seed, Duration.ofMinutes(2));
            long end = 120 - ChaosPlan.QUIET_TAIL.toSeconds();
            plan.actions().stream().filter(a -> a.kind() != ChaosPlan.Kind.WAVE)
                .forEach(a -> assertTrue(a.at().toSeconds() <= end, a.describe()));
            List<ChaosPlan.Action> kills = plan.actions().stream().filter(a -> a.kind() == ChaosPlan.Kind.KILL).toList();
            assertTrue(kills.size() >= 3, "seed " + seed + ": " + kills.size() + " kills");
            for (int i = 1; i < kills.size(); i++) {
                long gap = kills.get(i).at().minus(kills.get(i - 1).at()).toSeconds();
                assertTrue(gap >= 20 && gap <= 40, "seed " + seed + ": kills " + gap + " s apart");
            }
            assertEquals(1, plan.actions().stream().filter(a -> a.kind() == ChaosPlan.Kind.BROKER_RESTART).count());
            assertTrue(plan.actions().stream().filter(a -> a.kind() == ChaosPlan.Kind.EC2_FAULT).count() >= 3);
        }
    }
}
