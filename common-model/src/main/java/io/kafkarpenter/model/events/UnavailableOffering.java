package io.kafkarpenter.model.events;

import io.kafkarpenter.model.pods.Fields;
import io.kafkarpenter.model.reasons.Reason;

import java.time.Duration;
import java.time.Instant;

/**
 * Payload of {@link Topics#OFFERINGS_UNAVAILABLE}: an offering that failed with insufficient capacity and must
 * not be chosen until {@code expiresAt}. Re-marking an offering refreshes its expiry.
 */
public record UnavailableOffering(
        String instanceType,
        String zone,
        String capacityType,
        Reason reason,
        String message,
        Instant markedAt,
        Instant expiresAt) {

    public static final String SCHEMA = "kk.unavailable-offering/v1";

    /** Karpenter's unavailable-offerings cache TTL ({@code UnavailableOfferingsTTL}). */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(3);

    public UnavailableOffering {
        Fields.requiredText(instanceType, "instanceType");
        Fields.requiredText(zone, "zone");
        Fields.requiredText(capacityType, "capacityType");
        Fields.required(reason, "reason");
        Fields.required(markedAt, "markedAt");
        Fields.required(expiresAt, "expiresAt");
    }

    /** Marks an offering unavailable for {@link #DEFAULT_TTL} from {@code at}. */
    public static UnavailableOffering marked(String instanceType, String zone, String capacityType,
                                             Reason reason, String message, Instant at) {
        return new UnavailableOffering(instanceType, zone, capacityType, reason, message, at, at.plus(DEFAULT_TTL));
    }

    /** The record key on {@link Topics#OFFERINGS_UNAVAILABLE}: {@code <instanceType>/<zone>/<capacityType>}. */
    public String key() {
        return instanceType + "/" + zone + "/" + capacityType;
    }

    public boolean isActiveAt(Instant now) {
        return now.isBefore(expiresAt);
    }
}
