package io.kafkarpenter.sandbox.ec2;

import io.kafkarpenter.sandbox.ec2.Resources.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Interrupts an instance as EC2 does: changes its state (or schedules the change) and puts the EventBridge event on the
 * interruption queue. A spot warning terminates the (spot) instance {@code spotInterruptionDelay} later on the
 * simulator's clock; {@code stopping} / {@code shutting-down} begin a stop / a termination now, {@code stopped} /
 * {@code terminated} complete it now; {@code rebalance} and {@code scheduled} only send the event. When a spot warning's
 * shutdown happens, the two EC2 Instance State-change Notifications EC2 then sends (shutting-down, terminated) follow
 * on the queue ({@link #sendDueStateChanges}).
 */
final class Interruptions {
    private final Ec2State state;
    private final SqsQueues queues;
    private final Ec2SimulatorConfig config;
    private final Faults faults;
    /** Seeded: the same calls at the same clock times interrupt the same instances. */
    private final Random random = new Random(16);
    private Instant drawnUntil;
    /**
     * Spot-warned instances whose shutdown's state-change notifications are not all sent yet: instance id → the
     * announced shutdown time; {@link #shuttingDownSent} those whose shutting-down notification is out.
     */
    private final Map<String, Instant> warned = new LinkedHashMap<>();
    private final Set<String> shuttingDownSent = new HashSet<>();

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

    /**
     * Puts on the interruption queue the EC2 Instance State-change Notifications of the spot-warned instances whose
     * announced shutdown has happened by the clock: {@code shutting-down} (event time: the shutdown) and, once
     * {@code shuttingDownDuration} has passed, {@code terminated} (event time: then), each once, in that order. Nothing
     * runs in the background: ReceiveMessage calls this first, so the notifications appear when the reader polls.
     * An instance whose shutdown began otherwise (TerminateInstances, {@code interrupt(id, shutting-down)}) before the
     * announced time gets none of these. Returns the events sent.
     */
    List<String> sendDueStateChanges() {
        List<String> events = new ArrayList<>();
        synchronized (state) {
            state.refresh();
            Instant now = state.now();
            Duration shuttingDown = config.shuttingDownDuration();
            for (Iterator<Map.Entry<String, Instant>> it = warned.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Instant> entry = it.next();
                String id = entry.getKey();
                Instant shutdown = entry.getValue();
                Instance i = state.instances.get(id);
                if (i == null || (i.shutdownAt != null && !i.shutdownAt.equals(shutdown))) {
                    it.remove(); // forgotten after its retention, or ended by something else (with its own event, if any)
                    shuttingDownSent.remove(id);
                    continue;
                }
                if (i.shutdownAt == null) {
                    continue; // the warning's delay is not over
                }
                if (shuttingDownSent.add(id)) {
                    events.add(stateChange(InterruptionKind.SHUTTING_DOWN, id, shutdown));
                }
                Instant terminated = shutdown.plus(shuttingDown);
                if (!now.isBefore(terminated)) {
                    events.add(stateChange(InterruptionKind.TERMINATED, id, terminated));
                    it.remove();
                    shuttingDownSent.remove(id);
                }
            }
        }
        for (String event : events) {
            queues.send(config.interruptionQueue(), event, Duration.ZERO);
        }
        return events;
    }

    private String stateChange(InterruptionKind kind, String instanceId, Instant at) {
        return InterruptionEvents.event(kind, instanceId, config.region(), config.accountId(), at);
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
                        warned.put(instanceId, i.scheduledShutdownAt);
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
