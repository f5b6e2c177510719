package io.kafkarpenter.tagreconciler.kube;

import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kafkarpenter.service.kube.ReadModifyWrite;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kafkarpenter.model.crd.EC2NodeClass;
import io.kafkarpenter.model.crd.NodeClaim;

/**
 * The tag-reconciler's Kubernetes writes. EC2NodeClass metadata and status are read-modify-writes: read live, change in
 * memory, write with the object's {@code resourceVersion} (optimistic lock; a 409 reads again and retries, up to 5
 * times), and nothing is written when the change says nothing changed. NodeClaims only get two annotations, as a JSON
 * merge patch of their metadata. Other failures propagate: the loop retries with backoff.
 */
@ApplicationScoped
public class KubeWrites {

    private static final int CONFLICT_RETRIES = 5;
    private static final JsonMapper JSON = new JsonMapper();

    private final KubernetesClient client;

    KubeWrites(KubernetesClient client) {
        this.client = client;
    }

    /** Live EC2NodeClass, or empty when gone. */
    public Optional<EC2NodeClass> nodeClass(String name) {
        return Optional.ofNullable(client.resources(EC2NodeClass.class).withName(name).get());
    }

    /** Live NodeClaim, or empty when gone. */
    public Optional<NodeClaim> nodeClaim(String name) {
        return Optional.ofNullable(client.resources(NodeClaim.class).withName(name).get());
    }

    /** Metadata and spec (finalizers, annotations); {@code change} returns false when there is nothing to write. */
    public Optional<EC2NodeClass> updateNodeClass(String name, Predicate<EC2NodeClass> change) {
        return ReadModifyWrite.apply(() -> client.resources(EC2NodeClass.class).withName(name).get(), change,
            c -> client.resources(EC2NodeClass.class).resource(c).update(), CONFLICT_RETRIES);
    }

    /** The status subresource; {@code change} returns false when there is nothing to write. */
    public Optional<EC2NodeClass> updateNodeClassStatus(String name, Predicate<EC2NodeClass> change) {
        return ReadModifyWrite.apply(() -> client.resources(EC2NodeClass.class).withName(name).get(), change,
            c -> client.resources(EC2NodeClass.class).resource(c).updateStatus(), CONFLICT_RETRIES);
    }

    /** Adds annotations to a NodeClaim (merge patch of metadata only); false when it is gone. */
    public boolean annotateNodeClaim(String name, Map<String, String> annotations) {
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode values = patch.putObject("metadata").putObject("annotations");
        annotations.forEach(values::put);
        try {
            client.resources(NodeClaim.class).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return false;
            }
            throw e;
        }
    }

}
