package io.kafkarpenter.sandbox.kube.api.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a strategic merge patch ({@code application/strategic-merge-patch+json}) to an object, as the API server
 * does: a port of {@code StrategicMergeMapPatch} (k8s.io/apimachinery {@code pkg/util/strategicpatch/patch.go},
 * {@code mergeMap} with {@code MergeParallelList} and {@code IgnoreUnmatchedNulls}) to Jackson trees.
 *
 * <ul>
 *   <li>maps merge recursively; {@code null} deletes a key;</li>
 *   <li>lists with a merge key ({@link PatchSchema}) merge element by element, matched by the key; merged lists of
 *       primitives are unions; every other list is replaced;</li>
 *   <li>{@code $patch: replace} (map or list element) replaces, {@code $patch: delete} deletes (a map; a list element
 *       by its merge key); {@code $patch: merge} in a list is refused as upstream does;</li>
 *   <li>{@code $setElementOrder/<list>} orders the merged list (items it names first, in its order, server-only items
 *       interleaved where the live list had them); {@code $retainKeys} drops keys it does not list;
 *       {@code $deleteFromPrimitiveList/<list>} removes the primitives it lists.</li>
 * </ul>
 * Malformed patches raise {@link PatchException}.
 */
public final class StrategicMergePatch {

    static final String DIRECTIVE = "$patch";
    static final String RETAIN_KEYS = "$retainKeys";
    static final String SET_ELEMENT_ORDER = "$setElementOrder";
    static final String DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList";

    private StrategicMergePatch() {
    }

    /** The patched object; neither argument is modified. */
    public static ObjectNode apply(JsonNode original, JsonNode patch, PatchSchema schema) {
        if (!patch.isObject()) {
            throw new PatchException("the patch must be a JSON object");
        }
        ObjectNode base = original != null && original.isObject() ? (ObjectNode) original.deepCopy() : object();
        return mergeMap(base, (ObjectNode) patch.deepCopy(), schema);
    }

    private static ObjectNode mergeMap(ObjectNode original, ObjectNode patch, PatchSchema schema) {
        JsonNode directive = patch.get(DIRECTIVE);
        if (directive != null) {
            if ("replace".equals(directive.asText())) {
                patch.remove(DIRECTIVE);
                return patch;
            }
            if ("delete".equals(directive.asText())) {
                return object();
            }
            throw new PatchException("Unknown patch type: " + directive.asText() + " in map: " + patch);
        }
        if (original == null) {
            original = object();
        }
        applyRetainKeys(original, patch);
        mergeOrderedLists(original, patch, schema);
        for (String key : fieldNames(patch)) {
            JsonNode patchValue = patch.get(key);
            boolean deleteList = false;
            String field = key;
            if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
                field = suffix(key, DELETE_FROM_PRIMITIVE_LIST);
                deleteList = true;
            }
            if (patchValue.isNull()) {
                original.remove(field);
                continue;
            }
            JsonNode originalValue = original.get(field);
            if (originalValue == null || originalValue.getNodeType() != patchValue.getNodeType()) {
                if (!deleteList) {
                    discardNulls(patchValue);
                    setOrRemove(original, field, removeDirectives(patchValue));
                }
                continue;
            }
            PatchSchema sub = schema.field(field);
            if (originalValue.isObject()) {
                original.set(field, sub.replacesMap() ? patchValue
                        : mergeMap((ObjectNode) originalValue, (ObjectNode) patchValue, sub));
            } else if (originalValue.isArray()) {
                original.set(field, sub.mergesList() || deleteList
                        ? mergeList((ArrayNode) originalValue, (ArrayNode) patchValue, sub, deleteList)
                        : patchValue);
            } else {
                setOrRemove(original, field, removeDirectives(patchValue));
            }
        }
        return original;
    }

    /** {@code $retainKeys}: keys of the original the list does not name are cleared. */
    private static void applyRetainKeys(ObjectNode original, ObjectNode patch) {
        JsonNode retain = patch.remove(RETAIN_KEYS);
        if (retain == null) {
            return;
        }
        if (!retain.isArray()) {
            throw new PatchException("invalid patch format of retainKeys");
        }
        Set<String> kept = new HashSet<>();
        retain.forEach(k -> kept.add(k.asText()));
        for (String key : fieldNames(patch)) {
            JsonNode value = patch.get(key);
            if (value.isNull() || key.startsWith(DELETE_FROM_PRIMITIVE_LIST) || key.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            if (!kept.contains(key)) {
                throw new PatchException("doesn't match the $retainKeys directive: " + key + " is not in " + retain);
            }
        }
        for (String key : fieldNames(original)) {
            if (!kept.contains(key)) {
                original.remove(key);
            }
        }
    }

    /** {@code $setElementOrder/<list>}: merge the list (if patched) and order it as the directive says. */
    private static void mergeOrderedLists(ObjectNode original, ObjectNode patch, PatchSchema schema) {
        for (String key : fieldNames(patch)) {
            if (!key.startsWith(SET_ELEMENT_ORDER)) {
                continue;
            }
            JsonNode order = patch.remove(key);
            if (!order.isArray()) {
                throw new PatchException("invalid patch format of setElementOrder list");
            }
            String field = suffix(key, SET_ELEMENT_ORDER);
            PatchSchema sub = schema.field(field);
            String mergeKey = sub.mergeKey();
            JsonNode originalList = original.get(field);
            JsonNode patchList = patch.get(field);
            if ((originalList != null && !originalList.isArray()) || (patchList != null && !patchList.isArray())) {
                throw new PatchException("invalid patch format of setElementOrder list: " + field + " is not a list");
            }
            ArrayNode merged;
            if (originalList != null && patchList == null) {
                merged = (ArrayNode) originalList;
            } else if (originalList == null && patchList != null) {
                merged = (ArrayNode) removeDirectives(patchList);
            } else if (originalList != null) {
                merged = sub.mergesList()
                        ? mergeList((ArrayNode) originalList, (ArrayNode) patchList, sub, false)
                        : (ArrayNode) patchList;
            } else {
                continue;
            }
            List<JsonNode> inOrder = new ArrayList<>();
            List<JsonNode> serverOnly = new ArrayList<>();
            for (JsonNode item : merged) {
                (indexOf(order, item, mergeKey) >= 0 ? inOrder : serverOnly).add(item);
            }
            original.set(field, normalizeOrder(inOrder, serverOnly, order,
                    originalList == null ? array() : (ArrayNode) originalList, mergeKey));
            patch.remove(field);
        }
    }

    private static ArrayNode mergeList(ArrayNode original, ArrayNode patch, PatchSchema schema, boolean deleteList) {
        if (original.isEmpty() && patch.isEmpty()) {
            return original;
        }
        JsonNodeType kind = elementType(original, patch);
        String mergeKey = schema.mergeKey();
        ArrayNode merged;
        if (kind != JsonNodeType.OBJECT) {
            if (deleteList) {
                ArrayNode kept = array();
                for (JsonNode item : original) {
                    if (indexOf(patch, item, "") < 0) {
                        kept.add(item);
                    }
                }
                return kept;
            }
            merged = array();
            for (JsonNode item : concat(original, patch)) {
                if (indexOf(merged, item, "") < 0) {
                    merged.add(item);
                }
            }
            mergeKey = "";
        } else {
            if (mergeKey.isEmpty()) {
                throw new PatchException("cannot merge lists without merge key for " + schema.path());
            }
            ArrayNode plain = array();
            boolean replace = false;
            for (JsonNode item : patch) {
                JsonNode directive = item.get(DIRECTIVE);
                if (directive == null) {
                    plain.add(item);
                } else if ("delete".equals(directive.asText())) {
                    JsonNode keyValue = item.get(mergeKey);
                    if (keyValue == null) {
                        throw new PatchException("map: " + item + " does not contain declared merge key: " + mergeKey);
                    }
                    original = without(original, keyValue, mergeKey);
                } else if ("replace".equals(directive.asText())) {
                    replace = true;
                } else if ("merge".equals(directive.asText())) {
                    throw new PatchException("merging lists cannot yet be specified in the patch");
                } else {
                    throw new PatchException("Unknown patch type: " + directive.asText() + " in map: " + item);
                }
            }
            ArrayNode patchItems = plain;
            if (replace) {
                original = plain;
                patchItems = array();
            }
            merged = original.deepCopy();
            for (JsonNode item : patchItems) {
                JsonNode keyValue = item.get(mergeKey);
                if (keyValue == null) {
                    throw new PatchException("map: " + item + " does not contain declared merge key: " + mergeKey);
                }
                int found = indexOf(merged, item, mergeKey);
                if (found >= 0) {
                    merged.set(found, mergeMap((ObjectNode) merged.get(found), (ObjectNode) item, schema));
                } else {
                    merged.add(item);
                }
            }
            patch = patchItems;
        }
        List<JsonNode> inPatch = new ArrayList<>();
        List<JsonNode> serverOnly = new ArrayList<>();
        for (JsonNode item : merged) {
            (indexOf(patch, item, mergeKey) >= 0 ? inPatch : serverOnly).add(item);
        }
        return normalizeOrder(inPatch, serverOnly, patch, original, mergeKey);
    }

    /**
     * Upstream's {@code normalizeElementOrder}: patch items in the patch's order, server-only items in the live
     * order, then interleaved by the live list's order where both sides are in it.
     */
    private static ArrayNode normalizeOrder(List<JsonNode> patchItems, List<JsonNode> serverOnly, JsonNode patchOrder,
            JsonNode serverOrder, String mergeKey) {
        patchItems.sort(Comparator.comparingInt(item -> rank(patchOrder, item, mergeKey)));
        serverOnly.sort(Comparator.comparingInt(item -> rank(serverOrder, item, mergeKey)));
        ArrayNode all = array();
        int i = 0;
        int j = 0;
        while (i < serverOnly.size() || j < patchItems.size()) {
            if (i >= serverOnly.size()) {
                all.add(patchItems.get(j++));
            } else if (j >= patchItems.size()) {
                all.add(serverOnly.get(i++));
            } else {
                int left = indexOf(serverOrder, serverOnly.get(i), mergeKey);
                int right = indexOf(serverOrder, patchItems.get(j), mergeKey);
                if (left >= 0 && right >= 0 && left < right) {
                    all.add(serverOnly.get(i++));
                } else {
                    all.add(patchItems.get(j++));
                }
            }
        }
        return all;
    }

    private static int rank(JsonNode order, JsonNode item, String mergeKey) {
        int index = indexOf(order, item, mergeKey);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    /** Index of {@code item} in {@code list}: by merge key for objects, by value for primitives; -1 if absent. */
    static int indexOf(JsonNode list, JsonNode item, String mergeKey) {
        JsonNode wanted = mergeKey.isEmpty() ? item : item.get(mergeKey);
        for (int i = 0; i < list.size(); i++) {
            JsonNode candidate = mergeKey.isEmpty() ? list.get(i) : list.get(i).get(mergeKey);
            if (sameValue(wanted, candidate)) {
                return i;
            }
        }
        return -1;
    }

    /** JSON value equality where numbers compare by value (Go decodes every number as float64). */
    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static ArrayNode without(ArrayNode list, JsonNode keyValue, String mergeKey) {
        ArrayNode kept = array();
        list.forEach(item -> {
            if (!sameValue(item.get(mergeKey), keyValue)) {
                kept.add(item);
            }
        });
        return kept;
    }

    private static JsonNodeType elementType(ArrayNode... lists) {
        JsonNodeType type = null;
        for (ArrayNode list : lists) {
            for (JsonNode item : list) {
                JsonNodeType current = item.getNodeType();
                if (current == JsonNodeType.ARRAY) {
                    throw new PatchException("lists of lists are not supported");
                }
                if (type != null && type != current) {
                    throw new PatchException("list element types are not identical: " + List.of(lists));
                }
                type = current;
            }
        }
        return type;
    }

    /** Drops maps carrying {@code $patch} (and list items that are such maps), recursively; null = drop the value. */
    static JsonNode removeDirectives(JsonNode value) {
        if (value.isObject()) {
            if (value.has(DIRECTIVE)) {
                return null;
            }
            ObjectNode object = (ObjectNode) value;
            for (String key : fieldNames(object)) {
                setOrRemove(object, key, removeDirectives(object.get(key)));
            }
            return object;
        }
        if (value.isArray()) {
            ArrayNode kept = array();
            value.forEach(item -> {
                JsonNode cleaned = removeDirectives(item);
                if (cleaned != null) {
                    kept.add(cleaned);
                }
            });
            return kept;
        }
        return value;
    }

    private static void discardNulls(JsonNode value) {
        if (value.isObject()) {
            ObjectNode object = (ObjectNode) value;
            for (String key : fieldNames(object)) {
                if (object.get(key).isNull()) {
                    object.remove(key);
                } else {
                    discardNulls(object.get(key));
                }
            }
        } else if (value.isArray()) {
            value.forEach(StrategicMergePatch::discardNulls);
        }
    }

    private static void setOrRemove(ObjectNode object, String key, JsonNode value) {
        if (value == null) {
            object.remove(key);
        } else {
            object.set(key, value);
        }
    }

    private static String suffix(String key, String prefix) {
        int slash = key.indexOf('/');
        if (slash < 0 || !key.substring(0, slash).equals(prefix)) {
            throw new PatchException("invalid patch format of " + prefix + ": " + key);
        }
        return key.substring(slash + 1);
    }

    private static List<JsonNode> concat(ArrayNode a, ArrayNode b) {
        List<JsonNode> all = new ArrayList<>();
        a.forEach(all::add);
        b.forEach(all::add);
        return all;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }
}
