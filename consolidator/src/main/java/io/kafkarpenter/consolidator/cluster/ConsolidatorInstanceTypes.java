package io.kafkarpenter.consolidator.cluster;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.kafkarpenter.consolidator.ConsolidatorConfig;
import io.kafkarpenter.service.ec2.InstanceTypeProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * The consolidator's {@link InstanceTypeProvider} (the provisioner's, shared in service-support), configured by
 * {@code kk.consolidator.ec2-endpoint}, {@code region} and {@code instance-types.*} and refreshed in the background every {@code cache-ttl}: replacements
 * are priced and chosen from the same offerings the provisioner launches from.
 */
@Singleton
public class ConsolidatorInstanceTypes extends InstanceTypeProvider {

    ConsolidatorInstanceTypes(ConsolidatorConfig config, MeterRegistry registry) {
        super(settings(config), registry);
    }

    static Settings settings(ConsolidatorConfig config) {
        ConsolidatorConfig.InstanceTypes c = config.instanceTypes();
        return new Settings(c.source(), c.catalog(), config.region(), c.zones(), config.ec2Endpoint().orElse(null),
            c.cacheTtl(), "consolidator");
    }

    @Scheduled(every = "${kk.consolidator.instance-types.cache-ttl:5m}",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        refresh();
    }

    @PreDestroy
    void shutdown() {
        close();
    }
}
