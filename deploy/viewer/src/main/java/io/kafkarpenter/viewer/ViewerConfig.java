package io.kafkarpenter.viewer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

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

    /**
     * A Kafka client properties file (as {@code --command-config} of Kafka's tools) for reading kk.decisions, e.g.
     * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} of principal kafkarpenter-viewer.
     */
    Optional<Path> kafkaProperties();
}
