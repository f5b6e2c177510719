package io.kafkarpenter.sandbox.e2e.chaos;

import java.time.Duration;
import java.util.Map;

import io.kafkarpenter.sandbox.e2e.Sandbox;

/**
 * The service settings a chaos run changes (shorter than production so that a few minutes test them) and the
 * allowances each invariant derives from them; docs/reliability.md gives the reasoning for each.
 */
record ChaosSettings(Duration gcInterval, Duration gcMinAge, Duration registrationTtl, Duration consolidateAfter,
                     Duration consolidatorPollPeriod, Duration validationDelay) {

    static final ChaosSettings DEFAULT = new ChaosSettings(Duration.ofSeconds(30), Duration.ofSeconds(30),
        Duration.ofSeconds(90), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(15));

    /** How often the checker looks. */
    static final Duration CHECK_PERIOD = Duration.ofSeconds(3);
    /** Pending pods must be bound or explained this long after the last fault. */
    static final Duration SETTLE = Duration.ofSeconds(60);
    /** A pod created this recently is not judged yet (the provisioner's batch window and one pass). */
    static final Duration NEW_POD = Duration.ofSeconds(20);

    /** The launcher's settings (environment of its process; they survive its restarts). */
    void apply(Sandbox sandbox) {
        Map.of("KK_LAUNCHER_GARBAGE_COLLECTION_INTERVAL", seconds(gcInterval),
                "KK_LAUNCHER_GARBAGE_COLLECTION_MIN_AGE", seconds(gcMinAge),
                "KK_LAUNCHER_REGISTRATION_TTL", seconds(registrationTtl),
                "KK_LAUNCHER_LAUNCH_TIMEOUT", seconds(registrationTtl))
            .forEach((k, v) -> sandbox.serviceEnv("launcher", k, v));
    }

    /** The GC's min age, one interval, its 10 s start delay and 20 s for the TerminateInstances to show. */
    Duration orphanAllowance() {
        return gcMinAge.plus(gcInterval).plusSeconds(30);
    }

    /** The registration TTL (and launch timeout) plus 30 s for the launcher's lifecycle loop to delete the claim. */
    Duration ghostAllowance() {
        return registrationTtl.plusSeconds(30);
    }

    /** A deleting Node or NodeClaim whose instance is gone loses its finalizer within a minute (launcher up). */
    Duration finalizerAllowance() {
        return Duration.ofSeconds(60);
    }

    /**
     * consolidateAfter plus one disruption pass (the consolidator's poll period and the validation delay of an
     * emptiness command) plus 25 s for the launcher to cordon, drain, terminate and remove the node.
     */
    Duration emptyAllowance() {
        return consolidateAfter.plus(consolidatorPollPeriod).plus(validationDelay).plusSeconds(25);
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }
}
