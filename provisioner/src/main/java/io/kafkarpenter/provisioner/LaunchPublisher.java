package io.kafkarpenter.provisioner;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import io.kafkarpenter.model.events.Correlation;
import io.kafkarpenter.model.events.NodeClaimLaunch;
import io.kafkarpenter.service.EventMessages;
import io.kafkarpenter.service.kafka.RetriedSend;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Publishes launch decisions on {@code kk.nodeclaims.launch} (channel {@code nodeclaims-launch}). A send that fails
 * (the broker down or restarting) is retried in place with backoff ({@link RetriedSend}, 200 ms doubling to 30 s),
 * the same record again (the launcher is idempotent by NodeClaim name), until the broker has it or the decision
 * expires: the decision is already counted as in-flight capacity for its pods, so giving up on it would leave them
 * waiting for a launch nobody asked for until it lapses ({@code launch-ttl} plus the grace); deciding again instead
 * could buy the capacity twice when the failed send reached the broker after all.
 */
@ApplicationScoped
public class LaunchPublisher {

    private static final Logger LOG = Logger.getLogger(LaunchPublisher.class);

    private final MutinyEmitter<byte[]> launches;
    private final RetriedSend retry;
    private final Clock clock;

    @Inject
    LaunchPublisher(@Channel("nodeclaims-launch") MutinyEmitter<byte[]> launches) {
        this(launches, RetriedSend.DEFAULT, Clock.systemUTC());
    }

    LaunchPublisher(MutinyEmitter<byte[]> launches, RetriedSend retry, Clock clock) {
        this.launches = launches;
        this.retry = retry;
        this.clock = clock;
    }

    /** Launch records sent at once by {@link #publishAll} (below SmallRye's default emitter buffer of 128). */
    static final int CHUNK = 100;

    /**
     * Returns once the broker has the decision (true) or it expired unsent (false; it then lapses like an
     * unanswered one). Blocks the pass meanwhile: the next decisions wait for the broker too.
     */
    public boolean publish(NodeClaimLaunch launch, Correlation correlation) {
        return send(launch, correlation).await().indefinitely();
    }

    /**
     * Every launch as {@link #publish} does, {@link #CHUNK} at a time (each retried on its own); returns once the
     * broker has all of them or they expired. A pass of 20,000 pods makes ~4,000 launches: one at a time, awaiting
     * each ack, took 71 s.
     */
    public void publishAll(List<NodeClaimLaunch> all, Function<NodeClaimLaunch, Correlation> correlation) {
        for (int from = 0; from < all.size(); from += CHUNK) {
            List<Uni<Boolean>> sends = new ArrayList<>();
            for (NodeClaimLaunch launch : all.subList(from, Math.min(all.size(), from + CHUNK))) {
                sends.add(send(launch, correlation.apply(launch)));
            }
            Uni.join().all(sends).andCollectFailures().await().indefinitely();
        }
    }

    private Uni<Boolean> send(NodeClaimLaunch launch, Correlation correlation) {
        return retry.send(
                () -> launches.sendMessage(EventMessages.message(launch.key(), launch, correlation)),
                () -> clock.instant().isBefore(launch.expiresAt()),
                e -> LOG.warnf("cannot publish the launch of NodeClaim %s: %s; retrying with backoff",
                    launch.nodeClaimName(), e.getMessage()))
            .invoke(sent -> {
                if (!sent) {
                    LOG.errorf("the launch of NodeClaim %s expired before the broker took it: its pods are decided "
                        + "again once it lapses", launch.nodeClaimName());
                }
            });
    }
}
