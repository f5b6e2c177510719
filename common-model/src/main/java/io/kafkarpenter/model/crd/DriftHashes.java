package io.kafkarpenter.model.crd;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The static-drift hashes Karpenter stamps on NodeClaims (karpenter-core §5.6, karpenter-aws drift): the NodePool's
 * {@code karpenter.sh/nodepool-hash} over {@code spec.template} without its requirements and resources, and the
 * EC2NodeClass' {@code karpenter.k8s.aws/ec2nodeclass-hash} over its spec without the selector terms (those drift
 * through the resolved status: AMI, subnets, security groups). The launcher stamps both on each NodeClaim it creates,
 * computed from the live objects; the consolidator computes them from the live objects again and compares.
 *
 * <p>Like Karpenter's hashstructure options: lists compare as sets (order does not matter), absent, null, empty
 * and zero values are ignored, so adding a field with its default does not drift anything. The value is ours
 * (SHA-256 of the canonical JSON, first 64 bits as an unsigned decimal), not bit-compatible with Karpenter's Go
 * hashes; it is only ever compared with itself under the same version.
 */
public final class DriftHashes {

    public static final String NODEPOOL_HASH = "karpenter.sh/nodepool-hash";
    public static final String NODEPOOL_HASH_VERSION = "karpenter.sh/nodepool-hash-version";
    public static final String NODEPOOL_VERSION = "v3";
    public static final String NODECLASS_HASH = "karpenter.k8s.aws/ec2nodeclass-hash";
    public static final String NODECLASS_HASH_VERSION = "karpenter.k8s.aws/ec2nodeclass-hash-version";
    public static final String NODECLASS_VERSION = "v4";

    private static final JsonMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_EMPTY)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
            .build();
    private static final List<String> NODECLASS_SELECTORS = List.of("subnetSelectorTerms",
            "securityGroupSelectorTerms", "amiSelectorTerms", "capacityReservationSelectorTerms");

    private DriftHashes() {
    }

    /** {@code karpenter.sh/nodepool-hash} of a NodePool: its template, requirements and resources left out. */
    public static String nodePool(NodePool pool) {
        JsonNode template = pool.getSpec() == null || pool.getSpec().getTemplate() == null
                ? JsonNodeFactory.instance.objectNode() : JSON.valueToTree(pool.getSpec().getTemplate());
        if (template instanceof ObjectNode o && o.get("spec") instanceof ObjectNode spec) {
            spec.remove("requirements");
            spec.remove("resources");
        }
        return digest(template);
    }

    /** {@code karpenter.k8s.aws/ec2nodeclass-hash} of an EC2NodeClass: its spec, selector terms left out. */
    public static String nodeClass(EC2NodeClass nodeClass) {
        JsonNode spec = nodeClass.getSpec() == null ? JsonNodeFactory.instance.objectNode()
                : JSON.valueToTree(nodeClass.getSpec());
        if (spec instanceof ObjectNode o) {
            NODECLASS_SELECTORS.forEach(o::remove);
        }
        return digest(spec);
    }

    /** The annotations the launcher stamps on a NodeClaim of this NodePool and EC2NodeClass (class may be null). */
    public static Map<String, String> annotations(NodePool pool, EC2NodeClass nodeClass) {
        if (nodeClass == null) {
            return Map.of(NODEPOOL_HASH, nodePool(pool), NODEPOOL_HASH_VERSION, NODEPOOL_VERSION);
        }
        return Map.of(NODEPOOL_HASH, nodePool(pool), NODEPOOL_HASH_VERSION, NODEPOOL_VERSION,
                NODECLASS_HASH, nodeClass(nodeClass), NODECLASS_HASH_VERSION, NODECLASS_VERSION);
    }

    private static String digest(JsonNode node) {
        try {
            byte[] bytes = JSON.writeValueAsBytes(canonical(node));
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes);
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (sha[i] & 0xff);
            }
            return Long.toUnsignedString(value);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot hash " + node, e);
        }
    }

    /** Objects with sorted keys and no empty values; arrays sorted by their canonical text (sets). */
    private static JsonNode canonical(JsonNode node) {
        if (node instanceof ObjectNode o) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            List<String> names = new ArrayList<>();
            Iterator<String> it = o.fieldNames();
            it.forEachRemaining(names::add);
            names.sort(null);
            for (String name : names) {
                JsonNode value = canonical(o.get(name));
                if (!isZero(value)) {
                    out.set(name, value);
                }
            }
            return out;
        }
        if (node instanceof ArrayNode a) {
            List<JsonNode> items = new ArrayList<>();
            a.forEach(item -> items.add(canonical(item)));
            items.sort((x, y) -> x.toString().compareTo(y.toString()));
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            items.forEach(out::add);
            return out;
        }
        return node;
    }

    private static boolean isZero(JsonNode v) {
        return v == null || v.isNull() || (v.isContainerNode() && v.isEmpty()) || (v.isTextual() && v.asText().isEmpty())
                || (v.isNumber() && v.asDouble() == 0) || (v.isBoolean() && !v.asBoolean());
    }
}
