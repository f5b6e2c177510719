package io.kafkarpenter.sandbox.ec2;

import java.util.Arrays;
import java.util.Locale;

/**
 * What happens to an instance, as EventBridge reports it on the interruption queue: a spot interruption warning
 * (the instance is terminated {@code spotInterruptionDelay} later), a rebalance recommendation (nothing happens), an
 * AWS Health scheduled change (nothing happens yet), or an EC2 state change (the instance's state changes now).
 */
public enum InterruptionKind {
    SPOT("spot"),
    REBALANCE("rebalance"),
    SCHEDULED("scheduled"),
    STOPPING("stopping"),
    STOPPED("stopped"),
    SHUTTING_DOWN("shutting-down"),
    TERMINATED("terminated");

    /** The name on the command line and in the control endpoint ({@code bin/kk ec2sim interrupt --kind spot}). */
    public final String wireName;

    InterruptionKind(String wireName) {
        this.wireName = wireName;
    }

    public static InterruptionKind parse(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(k -> k.wireName.equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("kind: one of spot, rebalance, scheduled, stopping, stopped, "
                        + "shutting-down, terminated; was " + name));
    }

    /** True for the EC2 state-change notifications (the message's {@code detail.state} is the wire name). */
    boolean isStateChange() {
        return this == STOPPING || this == STOPPED || this == SHUTTING_DOWN || this == TERMINATED;
    }
}
