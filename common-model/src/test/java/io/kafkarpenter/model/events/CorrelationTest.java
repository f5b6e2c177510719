package io.kafkarpenter.model.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CorrelationTest {

    @Test
    void readsTheFourHeadersAndIgnoresOthersAndBlanks() {
        Map<String, byte[]> headers = Map.of(
                "nodepool", "default".getBytes(StandardCharsets.UTF_8),
                "pod", "shop/web-1".getBytes(StandardCharsets.UTF_8),
                "decision", " ".getBytes(StandardCharsets.UTF_8),
                "unrelated", "x".getBytes(StandardCharsets.UTF_8));

        Correlation correlation = Correlation.fromHeaderBytes(headers::get);

        assertThat(correlation).isEqualTo(new Correlation("default", null, "shop/web-1", null));
        assertThat(correlation.asMap()).containsExactly(Map.entry("nodepool", "default"), Map.entry("pod", "shop/web-1"));
    }

    @Test
    void forEachFeedsAnMdcLikeSinkWithOnlyThePresentIds() {
        Map<String, String> mdc = new LinkedHashMap<>();

        Correlation.NONE.withNodeClaim("default-abc").withDecision("prov-1").forEach(mdc::put);

        assertThat(mdc).containsExactly(Map.entry("nodeclaim", "default-abc"), Map.entry("decision", "prov-1"));
        assertThat(EventHeaders.MDC_KEYS).containsAll(mdc.keySet());
    }
}
