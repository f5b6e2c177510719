package io.kafkarpenter.model.pods;

/** Names one pod. {@code uid} is what keys {@code kk.pods.pending}. */
public record PodRef(String namespace, String name, String uid) {
    public PodRef {
        Fields.requiredText(namespace, "namespace");
        Fields.requiredText(name, "name");
        Fields.requiredText(uid, "uid");
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
