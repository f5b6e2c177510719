package io.kafkarpenter.sandbox.kube.api;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.AttributeType;
import io.fabric8.mockwebserver.http.MockResponse;

import java.net.HttpURLConnection;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * fabric8's CRUD dispatcher with an index by object name, so that reading or writing one object does not scan every
 * stored object.
 *
 * <p>The mock keeps objects in one map keyed by attribute sets and answers "the pod {@code default/inflate-x}" by
 * testing every stored key against the request's attributes (each test itself a linear {@code containsValue}); every
 * create, update, patch and named GET pays that scan. With a few thousand objects in the sandbox (a 1,000-pod burst
 * plus nodes, leases, NodeClaims) that scan was most of the stand-in's CPU and capped it at ~150 writes a second.
 *
 * <p>Here each stored key is also indexed by (plural, name). A request naming an object (every create, update and
 * patch, and a GET of one object) looks up the few keys of that name and tests only those; lists, watches and
 * requests with selectors other than plain equality keep the mock's scan. The index is maintained in
 * {@link #processEvent}, the one place the mock changes its map (always under its write lock). A named GET runs
 * without that lock (it is private to the mock): the new key is indexed before the old one is removed, so a reader
 * always finds at least one key for an existing object, and a key that is gone from the map sends the read down the
 * mock's own locked path.
 */
public class IndexedCrudDispatcher extends KubernetesCrudDispatcher {

    private record NameKey(String plural, String name) {
    }

    private final Map<NameKey, Set<AttributeSet>> byName = new ConcurrentHashMap<>();
    /** The mock's own extractor (it knows the installed CRDs' plurals), so the index computes the mock's keys. */
    private final KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;

    @Override
    public MockResponse handleGet(String path) {
        if (!path.contains("watch=")) {
            AttributeSet query = attributeExtractor.fromPath(path);
            NameKey key = nameKey(query);
            if (key != null) {
                Map.Entry<AttributeSet, String> found = lookUp(key, query);
                if (found != null) {
                    return new MockResponse().setResponseCode(HttpURLConnection.HTTP_OK).setBody(found.getValue());
                }
                if (byName.get(key) == null) {
                    return new MockResponse().setResponseCode(HttpURLConnection.HTTP_NOT_FOUND);
                }
                // keys of that name exist but none matched or one was just replaced: the mock's locked scan decides
            }
        }
        return super.handleGet(path);
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet attributes) {
        NameKey key = nameKey(attributes);
        if (key == null) {
            return super.findResource(attributes);
        }
        return lookUp(key, attributes);
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        if (newState != null) {
            // the key the mock stored the new state under, computed the way KubernetesCrudDispatcher does
            AttributeSet stored = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
            if (!stored.containsKey(KubernetesAttributesExtractor.PLURAL)) {
                stored = AttributeSet.merge(pathAttributes, stored);
            }
            NameKey key = storedNameKey(stored);
            if (key != null) {
                byName.computeIfAbsent(key, k -> new CopyOnWriteArraySet<>()).add(stored);
            }
            if (oldAttributes != null && !oldAttributes.equals(stored)) {
                unindex(oldAttributes);
            }
        } else if (oldAttributes != null) {
            unindex(oldAttributes);
        }
    }

    @Override
    public void reset() {
        super.reset();
        byName.clear();
    }

    private Map.Entry<AttributeSet, String> lookUp(NameKey key, AttributeSet query) {
        Set<AttributeSet> keys = byName.get(key);
        if (keys == null) {
            return null;
        }
        for (AttributeSet stored : keys) {
            if (stored.matches(query)) {
                String value = map.get(stored);
                if (value != null) {
                    return new AbstractMap.SimpleImmutableEntry<>(stored, value);
                }
            }
        }
        return null;
    }

    private void unindex(AttributeSet stored) {
        NameKey key = storedNameKey(stored);
        if (key != null) {
            byName.computeIfPresent(key, (k, keys) -> {
                keys.remove(stored);
                return keys.isEmpty() ? null : keys;
            });
        }
    }

    /** The index key of a request's attributes, or null when it does not name one object with equality only. */
    private static NameKey nameKey(AttributeSet query) {
        Attribute name = query.getAttribute(KubernetesAttributesExtractor.NAME);
        Attribute plural = query.getAttribute(KubernetesAttributesExtractor.PLURAL);
        if (name == null || plural == null || !plainEquality(name) || !plainEquality(plural)) {
            return null;
        }
        return new NameKey(single(plural), single(name));
    }

    private static NameKey storedNameKey(AttributeSet stored) {
        Attribute name = stored.getAttribute(KubernetesAttributesExtractor.NAME);
        Attribute plural = stored.getAttribute(KubernetesAttributesExtractor.PLURAL);
        return name == null || plural == null ? null : new NameKey(single(plural), single(name));
    }

    /** One value compared for equality ("*" is the mock's wildcard, which only the scan understands). */
    private static boolean plainEquality(Attribute attribute) {
        return attribute.getType() == AttributeType.WITH && attribute.getValues().size() == 1
                && !"*".equals(single(attribute));
    }

    private static String single(Attribute attribute) {
        return attribute.getValues().isEmpty() ? "" : String.valueOf(attribute.getValues().get(0));
    }
}
