package io.kafkarpenter.sandbox.kube.controllers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.Map;

/**
 * The {@code pod-template-hash} of a Deployment's pod template, as the Deployment controller computes it: a 32-bit
 * FNV-1a hash of the template, its decimal digits written in the API machinery's "safe" alphabet (no vowels, no
 * digits 0, 1, 3 that read as letters), e.g. {@code 7c9d8f6b5}. The upstream controller hashes Go's dump of the
 * struct; here it is the template's JSON with sorted keys, so equal templates hash equal and any change (an image,
 * a resource request) gives another hash, which is all the name is used for.
 */
public final class PodTemplateHash {

    /** The label (and the ReplicaSet name suffix) that ties pods to their template. */
    public static final String LABEL = "pod-template-hash";
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final ObjectMapper SORTED = Serialization.jsonMapper().copy()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public static String of(PodTemplateSpec template) {
        try {
            Map<?, ?> tree = SORTED.convertValue(template, Map.class);
            return safeEncode(Integer.toUnsignedString(fnv1a(SORTED.writeValueAsBytes(tree))));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot hash a pod template: " + e.getMessage(), e);
        }
    }

    static int fnv1a(byte[] bytes) {
        int hash = 0x811c9dc5;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }

    /** {@code rand.SafeEncodeString}: each character mapped into the alphabet by its code. */
    static String safeEncode(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            out.append(ALPHABET.charAt(c % ALPHABET.length()));
        }
        return out.toString();
    }

    /** Random characters of the same alphabet: the suffix the API server gives a {@code generateName}. */
    static String randomSuffix(java.util.random.RandomGenerator random, int length) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }


    private PodTemplateHash() {
    }
}
