package io.kafkarpenter.viewer;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The viewer's own settings, {@code kk.viewer.*} (environment: {@code KK_VIEWER_*}). */
@ConfigMapping(prefix = "kk.viewer")
public interface ViewerConfig {

    /** How often the informers list everything again (besides watching). */
    @WithDefault("5m")
    Duration resyncPeriod();

    /** How many of the latest decisions the page gets when it loads (the stream adds the newer ones). */
    @WithDefault("100")
    int decisionsShown();
}
