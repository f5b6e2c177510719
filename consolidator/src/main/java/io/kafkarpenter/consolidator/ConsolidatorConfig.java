package io.kafkarpenter.consolidator;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The consolidator's settings ({@code kk.consolidator.*}), with Karpenter's defaults. */
@ConfigMapping(prefix = "kk.consolidator")
public interface ConsolidatorConfig {

    /** How often disruption is evaluated (Karpenter's disruption controller polls every 10 s). Default {@code 10s}. */
    @WithDefault("10s")
    Duration pollPeriod();

    /**
     * How long a consolidation decision waits before it is re-validated and executed (Karpenter's consolidation
     * validation delay). Default {@code 15s}.
     */
    @WithDefault("15s")
    Duration validationDelay();

    /** Karpenter's {@code SpotToSpotConsolidation} feature gate: replace spot nodes with cheaper spot nodes. Default {@code false}. */
    @WithDefault("false")
    boolean spotToSpotConsolidation();
}
