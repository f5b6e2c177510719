package io.kafkarpenter.consolidator;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.consolidator.cluster.ClusterInformers;
import io.kafkarpenter.service.kube.LeaseElection;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * One active consolidator: the replica holding the Kubernetes Lease ({@code kk-consolidator}, service-support's
 * {@link LeaseElection}) starts the informers and the disruption loop; the others wait. A leader that loses its
 * Lease exits and is restarted as a standby (its in-memory commands are lost; names and ids are deterministic).
 * Every replica reads {@code kk.nodeclaims.status} from the beginning, so a standby that takes over knows the phases.
 */
@ApplicationScoped
public class ConsolidatorLeader {

    private final LeaseElection election;
    private final ClusterInformers informers;
    private final DisruptionLoop loop;

    ConsolidatorLeader(KubernetesClient client, ConsolidatorConfig config, ClusterInformers informers,
                       DisruptionLoop loop) {
        this.election = new LeaseElection(client, config.leaderElection(), "consolidator");
        this.informers = informers;
        this.loop = loop;
    }

    void start(@Observes StartupEvent ignored) {
        election.start(() -> {
            informers.start();
            loop.activate();
        }, () -> Quarkus.asyncExit(3));
    }

    void stop(@Observes ShutdownEvent ignored) {
        election.stop();
    }

    public boolean isLeading() {
        return election.isLeading();
    }
}
