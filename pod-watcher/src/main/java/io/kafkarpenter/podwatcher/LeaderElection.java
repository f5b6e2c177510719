package io.kafkarpenter.podwatcher;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;

/**
 * One active pod-watcher: the replica holding the Kubernetes Lease ({@code kk-pod-watcher}, fabric8's
 * {@code LeaderElector}, controller-runtime's timings) starts the pod informer and the reader of its own topic; the
 * others wait. A leader that loses its Lease exits (as Karpenter's controllers do) and is restarted as a standby.
 */
@ApplicationScoped
public class LeaderElection {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    private final KubernetesClient client;
    private final PodWatcherConfig config;
    private final PodInformer informer;
    private final ChannelRegistry channels;
    private final String identity;
    private volatile boolean leading;
    private volatile boolean stopping;
    private CompletableFuture<?> election;

    LeaderElection(KubernetesClient client, PodWatcherConfig config, PodInformer informer, ChannelRegistry channels) {
        this.client = client;
        this.config = config;
        this.informer = informer;
        this.channels = channels;
        this.identity = hostname() + "_" + UUID.randomUUID();
    }

    void start(@Observes StartupEvent ignored) {
        var le = config.leaderElection();
        if (!le.enabled()) {
            startLeading();
            return;
        }
        LOG.infof("waiting for Lease %s/%s as %s", le.leaseNamespace(), le.leaseName(), identity);
        election = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(le.leaseName())
                .withLock(new LeaseLock(le.leaseNamespace(), le.leaseName(), identity))
                .withLeaseDuration(le.leaseDuration())
                .withRenewDeadline(le.renewDeadline())
                .withRetryPeriod(le.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
                    leader -> LOG.infof("pod-watcher leader: %s", leader)))
                .build())
            .build().start();
    }

    void stop(@Observes ShutdownEvent ignored) {
        stopping = true;
        if (election != null) {
            election.cancel(true);
        }
    }

    private void startLeading() {
        LOG.infof("this pod-watcher (%s) is active", identity);
        leading = true;
        informer.start();
        channels.getPausable("pods-pending-in").resume();
    }

    private void stopLeading() {
        if (leading && !stopping) {
            LOG.error("lost the pod-watcher Lease: exiting so a standby takes over");
            Quarkus.asyncExit(3);
        }
        leading = false;
    }

    public boolean isLeading() {
        return leading;
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "pod-watcher";
        }
    }
}
