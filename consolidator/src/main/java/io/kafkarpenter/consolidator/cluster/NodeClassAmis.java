package io.kafkarpenter.consolidator.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.kafkarpenter.consolidator.ConsolidatorConfig;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.service.ec2.AmiResolver;
import io.kafkarpenter.service.ec2.Ec2Clients;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The AMIs each EC2NodeClass resolves to now ({@link AmiResolver}: its status' AMIs, else its selector terms through
 * DescribeImages), re-resolved at most every {@code ami-refresh-period} per class (and when the class changes), so
 * a newer {@code al2023@latest} image shows as AMI drift within that period. When EC2 cannot be asked the previous
 * answer is kept (empty at first: no AMI drift is seen, nothing is disrupted for it).
 */
@Singleton
public class NodeClassAmis {

    private static final Logger LOG = Logger.getLogger(NodeClassAmis.class);

    private record Resolved(String resourceVersion, Map<String, String> amis, Instant at) {
    }

    private final ConsolidatorConfig config;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Resolved> byClass = new ConcurrentHashMap<>();
    private volatile Ec2Client ec2;

    NodeClassAmis(ConsolidatorConfig config) {
        this.config = config;
    }

    /** Architecture to AMI id; empty when unknown. */
    public Map<String, String> amis(EC2NodeClass nodeClass) {
        Map<String, String> fromStatus = AmiResolver.fromStatus(nodeClass);
        if (!fromStatus.isEmpty()) {
            return fromStatus;
        }
        String name = nodeClass.getMetadata().getName();
        String version = nodeClass.getMetadata().getResourceVersion();
        Instant now = clock.instant();
        Resolved known = byClass.get(name);
        if (known != null && java.util.Objects.equals(known.resourceVersion(), version)
            && now.isBefore(known.at().plus(config.amiRefreshPeriod()))) {
            return known.amis();
        }
        try {
            Map<String, String> amis = Map.copyOf(new AmiResolver(client()).fromSelectors(nodeClass));
            if (known == null || !known.amis().equals(amis)) {
                LOG.infof("EC2NodeClass %s resolves to %s", name, amis);
            }
            byClass.put(name, new Resolved(version, amis, now));
            return amis;
        } catch (RuntimeException e) {
            LOG.warnf("EC2NodeClass %s: AMIs not resolved (%s); %s", name, e.getMessage(),
                known == null ? "no AMI drift is seen until they are" : "keeping the previous answer");
            Map<String, String> previous = known == null ? Map.of() : known.amis();
            byClass.put(name, new Resolved(version, previous, now)); // retried after the refresh period
            return previous;
        }
    }

    private Ec2Client client() {
        if (ec2 == null) {
            synchronized (this) {
                if (ec2 == null) {
                    ec2 = Ec2Clients.create(config.region(), config.ec2Endpoint().orElse(null));
                }
            }
        }
        return ec2;
    }

    @PreDestroy
    void close() {
        if (ec2 != null) {
            ec2.close();
        }
    }
}
