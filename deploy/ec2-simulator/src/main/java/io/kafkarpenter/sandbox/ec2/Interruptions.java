package io.kafkarpenter.sandbox.ec2;

import io.kafkarpenter.sandbox.ec2.Resources.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
    private final Faults faults;
    /** Seeded: the same calls at the same clock times interrupt the same instances. */
    private final Random random = new Random(16);
    private Instant drawnUntil;

    Interruptions(Ec2State state, SqsQueues queues, Ec2SimulatorConfig config, Faults faults) {
        this.state = state;
        this.queues = queues;
        this.config = config;
        this.faults = faults;
        this.drawnUntil = config.clock().instant();
    }

    /**
     * The fault rate ({@link Faults#spotInterruptionRate}): for every running spot instance not yet warned, a warning
     * with probability {@code 1 - exp(-rate × hours)} over the clock time since the last draw (or its launch); returns
     * the instances interrupted.
     */
    List<String> interruptAtFaultRate() {
        double perHour = faults.spotInterruptionsPerHour();
        List<String> due = new ArrayList<>();
        synchronized (state) {
            state.refresh();
            Instant now = state.now();
            if (perHour > 0) {
                for (Instance i : state.instances.values()) {
                    if (!Faults.SPOT.equals(i.capacityType) || i.state != InstanceState.RUNNING || i.scheduledShutdownAt != null
                            || i.stopAt != null) {
                        continue;
                    }
                    Instant from = i.launchTime.isAfter(drawnUntil) ? i.launchTime : drawnUntil;
                    double hours = Math.max(0, Duration.between(from, now).toMillis()) / 3_600_000.0;
                    if (hours > 0 && random.nextDouble() < 1 - Math.exp(-perHour * hours)) {
                        due.add(i.id);
                    }
                }
            }
            if (now.isAfter(drawnUntil)) {
                drawnUntil = now;
            }
        }
        List<String> interrupted = new ArrayList<>();
        for (String id : due) {
            try {
                interrupt(id, InterruptionKind.SPOT);
                interrupted.add(id);
            } catch (IllegalArgumentException e) {
                // terminated meanwhile (another call between the draw and now): nothing to interrupt
            }
        }
        return interrupted;
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
