/** The one reason vocabulary ({@link io.kafkarpenter.model.reasons.Reason}) used by decisions, events and logs. Plain Java only. */
package io.kafkarpenter.model.reasons;
