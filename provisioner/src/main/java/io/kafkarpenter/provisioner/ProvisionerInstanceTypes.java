package io.kafkarpenter.provisioner;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import io.kafkarpenter.service.ec2.InstanceTypeProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;

/**
 * The provisioner's {@link InstanceTypeProvider} (shared with the consolidator, in service-support), configured by
 * {@code kk.provisioner.instance-types.*} and refreshed in the background every {@code cache-ttl}.
 */
@Singleton
public class ProvisionerInstanceTypes extends InstanceTypeProvider {

    ProvisionerInstanceTypes(ProvisionerConfig config, MeterRegistry registry) {
        super(settings(config.instanceTypes()), registry);
    }

    static Settings settings(ProvisionerConfig.InstanceTypes c) {
        return new Settings(c.source(), c.catalog(), c.region(), c.zones(), c.ec2Endpoint().orElse(null),
            c.cacheTtl(), "provisioner");
    }

    @Scheduled(every = "${kk.provisioner.instance-types.cache-ttl:5m}",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduledRefresh() {
        refresh();
    }

    @PreDestroy
    void shutdown() {
        close();
    }
}
