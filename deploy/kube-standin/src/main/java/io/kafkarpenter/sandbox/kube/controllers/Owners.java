package io.kafkarpenter.sandbox.kube.controllers;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

import java.util.List;
import java.util.Optional;

/** Controller owner references: who controls an object, and the reference a controller puts on what it makes. */
final class Owners {

    /** The informers' index of objects by the uid of their controller (owner reference with controller=true). */
    static final String BY_CONTROLLER_UID = "controllerUid";

    static Optional<OwnerReference> controllerOf(HasMetadata object) {
        List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
        if (refs == null) {
            return Optional.empty();
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst();
    }

    static List<String> controllerUid(HasMetadata object) {
        return controllerOf(object).map(r -> List.of(r.getUid())).orElse(List.of());
    }

    /** The name of {@code object}'s controller when it is of {@code kind}. */
    static Optional<String> controllerName(HasMetadata object, String kind) {
        return controllerOf(object).filter(r -> kind.equals(r.getKind())).map(OwnerReference::getName);
    }

    /** The reference to an {@code apps/v1} {@code kind} (list items may come without apiVersion and kind). */
    static OwnerReference controllerRef(String kind, HasMetadata owner) {
        return new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind(kind)
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    static String key(HasMetadata object) {
        return object.getMetadata().getNamespace() + "/" + object.getMetadata().getName();
    }

    private Owners() {
    }
}
