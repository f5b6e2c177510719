package io.kafkarpenter.tagreconciler.loop;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kafkarpenter.service.kube.LeaseElection;
import io.kafkarpenter.tagreconciler.TagReconcilerConfig;
import io.kafkarpenter.tagreconciler.kube.KubeInformers;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * One active tag-reconciler: the replica holding the Lease {@code kube-system/kk-tag-reconciler} (service-support
 * {@link LeaseElection}; {@code kk.tag-reconciler.leader-election.*}) starts the informers and the loop; the others
 * wait. A leader that loses its Lease exits and is restarted as a standby: nothing it knows is only in memory.
 */
@ApplicationScoped
public class TagReconcilerLeader {

    private final LeaseElection election;
    private final KubeInformers informers;
    private final ReconcileLoop loop;

    TagReconcilerLeader(KubernetesClient client, TagReconcilerConfig config, KubeInformers informers, ReconcileLoop loop) {
        this.election = new LeaseElection(client, config.leaderElection(), "tag-reconciler");
        this.informers = informers;
        this.loop = loop;
    }

    void start(@Observes StartupEvent ignored) {
        election.start(() -> {
            loop.activate(); // first: the loop listens to the informers before they list anything
            informers.start();
        }, () -> Quarkus.asyncExit(3));
    }

    void stop(@Observes ShutdownEvent ignored) {
        election.stop();
    }

    public boolean isLeading() {
        return election.isLeading();
    }
}
