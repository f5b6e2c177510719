package io.kafkarpenter.sandbox.ec2;

import io.kafkarpenter.sandbox.ec2.Resources.Instance;
import java.time.Duration;
import java.time.Instant;

/**
 * Interrupts an instance as EC2 does: changes its state (or schedules the change) and puts the EventBridge event on the
 * interruption queue. A spot warning terminates the (spot) instance {@code spotInterruptionDelay} later on the
 * simulator's clock; {@code stopping} / {@code shutting-down} begin a stop / a termination now, {@code stopped} /
 * {@code terminated} complete it now; {@code rebalance} and {@code scheduled} only send the event.
 */
final class Interruptions {
    private final Ec2State state;
    private final SqsQueues queues;
    private final Ec2SimulatorConfig config;

    Interruptions(Ec2State state, SqsQueues queues, Ec2SimulatorConfig config) {
        this.state = state;
        this.queues = queues;
        this.config = config;
    }

    /** Interrupts the instance and returns the event put on the interruption queue. */
    String interrupt(String instanceId, InterruptionKind kind) {
        String event;
        synchronized (state) {
            state.refresh();
            Instance i = state.instances.get(instanceId);
            if (i == null) {
                throw new IllegalArgumentException("no instance " + instanceId);
            }
            if (i.state == InstanceState.TERMINATED || (i.shutdownAt != null && kind != InterruptionKind.TERMINATED)) {
                throw new IllegalArgumentException("instance " + instanceId + " is already " + i.state.wireName);
            }
            Instant now = state.now();
            Duration shuttingDown = config.shuttingDownDuration();
            switch (kind) {
                case SPOT -> {
                    if (!Faults.SPOT.equals(i.capacityType)) {
                        throw new IllegalArgumentException("instance " + instanceId + " is " + i.capacityType
                                + ": only spot instances get a spot interruption");
                    }
                    if (i.scheduledShutdownAt == null) {
                        i.scheduledShutdownAt = now.plus(config.spotInterruptionDelay());
                        i.scheduledReasonCode = "Server.SpotInstanceTermination";
                        i.scheduledReasonMessage = "Server.SpotInstanceTermination: Spot instance termination";
                    }
                }
                case STOPPING, STOPPED -> {
                    if (i.stopAt == null) {
                        i.stopAt = kind == InterruptionKind.STOPPING ? now : now.minus(shuttingDown);
                    } else if (kind == InterruptionKind.STOPPED) {
                        i.stopAt = now.minus(shuttingDown);
                    }
                }
                case SHUTTING_DOWN -> state.shutDown(i, "Server.InternalError", "Server.InternalError: Internal error on launch");
                case TERMINATED -> {
                    state.shutDown(i, "Server.InternalError", "Server.InternalError: Internal error on launch");
                    if (i.shutdownAt.isAfter(now.minus(shuttingDown))) {
                        i.shutdownAt = now.minus(shuttingDown);
                    }
                }
                default -> {
                    // rebalance, scheduled: the event only
                }
            }
            i.refresh(now, config.pendingDuration(), shuttingDown);
            event = InterruptionEvents.event(kind, instanceId, config.region(), config.accountId(), now);
        }
        queues.send(config.interruptionQueue(), event, Duration.ZERO);
        return event;
    }
}
