package io.kafkarpenter.sandbox.ec2;

import java.time.Instant;

/**
 * A message deleted from a simulated SQS queue, as a test sees it afterwards ({@code GET /_sim/interruptions}):
 * how often it had been delivered (a redelivered message: 2 or more) and when it was deleted (on the clock).
 */
public record DeletedMessage(String messageId, String body, Instant sentAt, int receiveCount, Instant deletedAt) {
}
