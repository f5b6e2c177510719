package io.kafkarpenter.model.pods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.PendingPod;
import io.kafkarpenter.model.pods.fixtures.PodFixtures;

class FieldsTest {

    @Test
    void aSmallMapKeepsOrderDropsNullsEqualsAnyMapAndCannotBeChanged() {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("zone", "a");
        in.put("app", "web");
        in.put("gone", null);
        in.put("tier", "front");
        Map<String, String> map = Fields.map(in);

        assertEquals(List.of("zone", "app", "tier"), new ArrayList<>(map.keySet()));
        assertEquals("web", map.get("app"));
        assertNull(map.get("gone"));
        assertFalse(map.containsKey("gone"));
        assertTrue(map.containsKey("tier"));
        Map<String, String> same = new HashMap<>(Map.of("tier", "front", "app", "web", "zone", "a"));
        assertEquals(same, map);
        assertEquals(map, same);
        assertEquals(same.hashCode(), map.hashCode());
        assertEquals("{zone=a, app=web, tier=front}", map.toString());
        assertThrows(UnsupportedOperationException.class, () -> map.put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> map.entrySet().iterator().next().setValue("z"));
        in.put("app", "changed");
        assertEquals("web", map.get("app"), "a copy");
    }

    @Test
    void emptyAndLargeMapsAndJsonRoundTrip() {
        assertEquals(Map.of(), Fields.map(Map.of()));
        Map<String, String> nulls = new HashMap<>();
        nulls.put("a", null);
        assertTrue(Fields.map(nulls).isEmpty());
        Map<String, String> large = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            large.put("k" + i, "v" + i);
        }
        Map<String, String> copy = Fields.map(large);
        assertEquals(large, copy);
        assertEquals(new ArrayList<>(large.keySet()), new ArrayList<>(copy.keySet()));

        PendingPod pending = new PendingPod(PodFixtures.pod("web-0").label("app", "web").label("tier", "front").build(),
            PodFixtures.DEFAULT_CREATED_AT, null, null);
        String json = EventJson.toJson(pending);
        assertTrue(json.contains("\"labels\":{\"app\":\"web\",\"tier\":\"front\"}"), json);
        assertEquals(pending, EventJson.read(json, PendingPod.class));
    }
}
