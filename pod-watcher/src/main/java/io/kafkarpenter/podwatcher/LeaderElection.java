package io.kafkarpenter.podwatcher;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.service.kube.LeaseElection;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.ChannelRegistry;

/**
 * One active pod-watcher: the replica holding the Kubernetes Lease ({@code kk-pod-watcher}, service-support's
 * {@link LeaseElection}: fabric8's {@code LeaderElector}, controller-runtime's timings) starts the pod informer and
 * the reader of its own topic; the others wait. A leader that loses its Lease exits (as Karpenter's controllers do)
 * and is restarted as a standby.
 */
@ApplicationScoped
public class LeaderElection {

    private final PodInformer informer;
    private final ChannelRegistry channels;
    private final LeaseElection election;

    LeaderElection(KubernetesClient client, PodWatcherConfig config, PodInformer informer, ChannelRegistry channels) {
        this.informer = informer;
        this.channels = channels;
        this.election = new LeaseElection(client, config.leaderElection(), "pod-watcher");
    }

    void start(@Observes StartupEvent ignored) {
        election.start(this::startLeading, () -> Quarkus.asyncExit(3));
    }

    void stop(@Observes ShutdownEvent ignored) {
        election.stop();
    }

    private void startLeading() {
        informer.start();
        channels.getPausable("pods-pending-in").resume();
    }

    public boolean isLeading() {
        return election.isLeading();
    }
}
