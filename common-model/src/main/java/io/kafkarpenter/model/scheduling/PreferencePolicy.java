package io.kafkarpenter.model.scheduling;

/** Karpenter's PREFERENCE_POLICY: Respect treats preferences as requirements first, Ignore drops them. */
public enum PreferencePolicy { Respect, Ignore }
