/**
 * Interruption messages (issue 16), pure: {@link io.kafkarpenter.model.interruption.InterruptionParser} reads an SQS
 * message body (an EventBridge event) into an {@link io.kafkarpenter.model.interruption.InterruptionMessage} or an
 * {@link io.kafkarpenter.model.interruption.InvalidInterruptionMessageException} naming the field;
 * {@link io.kafkarpenter.model.interruption.InterruptionDecisions} turns it, with the instances this cluster owns, into
 * one {@link io.kafkarpenter.model.interruption.InterruptionAction} per instance (delete the NodeClaim, event only, or
 * ignore), with its kk.decisions reason, Kubernetes events and unavailable offering.
 *
 * <p>No SQS client and no service here; which service reads the queue is still open. Design, the action table and
 * what a reader must do: {@code common-model/docs/INTERRUPTION.md}.
 */
package io.kafkarpenter.model.interruption;
