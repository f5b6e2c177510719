package io.kafkarpenter.sandbox.ec2;

import java.time.Instant;

/**
 * One message on a simulated SQS queue as a test sees it ({@code GET /_sim/interruptions}): not deleted yet.
 *
 * @param receiveCount how often it was delivered (0: never received)
 * @param inFlight     received and still invisible (its visibility timeout has not run out on the clock)
 * @param visibleAt    when it is (or was) visible again; for a delayed message, when it is first visible
 */
public record QueuedMessage(String messageId, String body, Instant sentAt, int receiveCount, boolean inFlight,
                            Instant visibleAt) {
}
