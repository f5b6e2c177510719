package io.kafkarpenter.service.kube;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.smallrye.config.WithDefault;

/**
 * One active replica of a service: the replica holding a Kubernetes Lease (fabric8's {@code LeaderElector},
 * controller-runtime's timings) runs {@code onLeading}; the others wait. A leader that loses its Lease calls
 * {@code onLost} (services exit, as Karpenter's controllers do, and are restarted as standbys). Plain class: each
 * service makes one from its own configuration ({@link Settings}) at startup and {@link #stop()}s it at shutdown.
 */
public final class LeaseElection {

    private static final Logger LOG = Logger.getLogger(LeaseElection.class);

    /**
     * @param enabled false: this replica is active at once (a single replica, tests)
     */
    public record Settings(boolean enabled, String leaseName, String leaseNamespace, Duration leaseDuration,
                           Duration renewDeadline, Duration retryPeriod) {
    }

    /**
     * The configuration group of a service with one active replica, mapped under its {@code <prefix>.leader-election}
     * (e.g. {@code kk.consolidator.leader-election.*}). The Lease's name has no default here: each service's
     * {@code application.properties} names its own ({@code kk-consolidator}, {@code kk-pod-watcher},
     * {@code kk-tag-reconciler}, {@code kk-launcher-interruption}).
     */
    public interface Config {

        /** Off: this replica is always active (a single replica, or tests). Default {@code true}. */
        @WithDefault("true")
        boolean enabled();

        /** The Lease's name. */
        String leaseName();

        /** The Lease's namespace; the chart sets the release's ({@code <SERVICE>_LEADER_ELECTION_LEASE_NAMESPACE}). */
        @WithDefault("kube-system")
        String leaseNamespace();

        /** controller-runtime's defaults, as Karpenter uses them: lease 15s, renew deadline 10s, retry 2s. */
        @WithDefault("15s")
        Duration leaseDuration();

        @WithDefault("10s")
        Duration renewDeadline();

        @WithDefault("2s")
        Duration retryPeriod();
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final String service;
    private final String identity;
    private volatile boolean leading;
    private volatile boolean stopping;
    private CompletableFuture<?> election;

    public LeaseElection(KubernetesClient client, Config config, String service) {
        this(client, new Settings(config.enabled(), config.leaseName(), config.leaseNamespace(), config.leaseDuration(),
            config.renewDeadline(), config.retryPeriod()), service);
    }

    public LeaseElection(KubernetesClient client, Settings settings, String service) {
        this.client = client;
        this.settings = settings;
        this.service = service;
        this.identity = hostname(service) + "_" + UUID.randomUUID();
    }

    /** Starts competing for the Lease (or leads at once when election is disabled). */
    public void start(Runnable onLeading, Runnable onLost) {
        Runnable lead = () -> {
            LOG.infof("this %s (%s) is active", service, identity);
            leading = true;
            onLeading.run();
        };
        if (!settings.enabled()) {
            lead.run();
            return;
        }
        LOG.infof("waiting for Lease %s/%s as %s", settings.leaseNamespace(), settings.leaseName(), identity);
        election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(settings.leaseName())
                .withLock(new LeaseLock(settings.leaseNamespace(), settings.leaseName(), identity))
                .withLeaseDuration(settings.leaseDuration())
                .withRenewDeadline(settings.renewDeadline())
                .withRetryPeriod(settings.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(lead, () -> {
                    if (leading && !stopping) {
                        LOG.errorf("lost the %s Lease", service);
                        onLost.run();
                    }
                    leading = false;
                }, leader -> LOG.infof("%s leader: %s", service, leader)))
                .build())
            .build().start();
    }

    public void stop() {
        stopping = true;
        if (election != null) {
            election.cancel(true);
        }
    }

    public boolean isLeading() {
        return leading;
    }

    public String identity() {
        return identity;
    }

    private static String hostname(String fallback) {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return fallback;
        }
    }
}
