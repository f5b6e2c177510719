package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

class ValuesOverrideTest {

    @Test
    void pathsSplitOnUnescapedDots() {
        assertThat(ValuesOverride.path("a.b.c")).containsExactly("a", "b", "c");
        assertThat(ValuesOverride.path("sa.annotations.eks\\.amazonaws\\.com/role-arn"))
            .containsExactly("sa", "annotations", "eks.amazonaws.com/role-arn");
        assertThatThrownBy(() -> ValuesOverride.path("a[0].b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ValuesOverride.path("a..b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesAreTypedAsHelmSetTypesThem() {
        assertThat(ValuesOverride.typed("true")).isEqualTo(true);
        assertThat(ValuesOverride.typed("FALSE")).isEqualTo(false);
        assertThat(ValuesOverride.typed("null")).isNull();
        assertThat(ValuesOverride.typed("0")).isEqualTo(0L);
        assertThat(ValuesOverride.typed("42")).isEqualTo(42L);
        assertThat(ValuesOverride.typed("-3")).isEqualTo(-3L);
        assertThat(ValuesOverride.typed("007")).isEqualTo("007");
        assertThat(ValuesOverride.typed("1.5")).isEqualTo("1.5");
        assertThat(ValuesOverride.typed("10s")).isEqualTo("10s");
        assertThat(ValuesOverride.typed("a,b")).isEqualTo("a,b");
    }

    @Test
    @SuppressWarnings("unchecked")
    void mergesIntoNestedMapsKeepingSiblings() {
        String yaml = "settings:\n  clusterName: \"\"\n  batchIdleDuration: 1s\nlist: [1, 2]\n";
        Map<String, String> set = new LinkedHashMap<>();
        set.put("settings.clusterName", "prod");
        set.put("podWatcher.replicas", "3");
        set.put("list", "x");
        Map<String, Object> merged = new KubernetesSerialization().unmarshal(ValuesOverride.apply(yaml, set), Map.class);
        assertThat((Map<String, Object>) merged.get("settings")).containsEntry("clusterName", "prod")
            .containsEntry("batchIdleDuration", "1s");
        assertThat((Map<String, Object>) merged.get("podWatcher")).containsEntry("replicas", 3);
        assertThat(merged.get("list")).isEqualTo("x");
        assertThat(merged).doesNotContainKey("x");
    }
}
