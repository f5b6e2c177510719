/**
 * The event contracts: {@link io.kafkarpenter.model.events.Topics topic names and keys},
 * {@link io.kafkarpenter.model.events.EventHeaders header names}, one record per payload
 * ({@link io.kafkarpenter.model.events.PendingPod}, {@link io.kafkarpenter.model.events.NodeClaimLaunch},
 * {@link io.kafkarpenter.model.events.NodeClaimStatusChange}, {@link io.kafkarpenter.model.events.UnavailableOffering},
 * {@link io.kafkarpenter.model.events.TerminationRequest}, {@link io.kafkarpenter.model.events.DecisionRecord},
 * {@link io.kafkarpenter.model.events.DeadLetter}) and the versioned JSON codec
 * {@link io.kafkarpenter.model.events.EventJson}. Design, including the pod scheduling view: {@code common-model/docs/CONTRACTS.md}.
 */
package io.kafkarpenter.model.events;
