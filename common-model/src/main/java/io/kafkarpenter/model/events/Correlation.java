package io.kafkarpenter.model.events;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The correlation ids a record carries in its Kafka headers, which are also the logging MDC keys
 * ({@link EventHeaders#MDC_KEYS}): NodePool, NodeClaim, pod ({@code namespace/name}) and decision id. A service
 * copies them from the record it consumes into the MDC, and onto the records it produces, so every log line and
 * every downstream record of one decision can be found by the same ids.
 *
 * <p>Framework-free on purpose: services adapt it to their Kafka and logging APIs in a line or two, e.g.
 * {@code Correlation.fromHeaderBytes(name -> lastHeader(record, name)).forEach(MDC::put)}.
 * Blank values count as absent.
 */
public record Correlation(String nodePool, String nodeClaim, String pod, String decision) {

    public static final Correlation NONE = new Correlation(null, null, null, null);

    public Correlation {
        nodePool = blankToNull(nodePool);
        nodeClaim = blankToNull(nodeClaim);
        pod = blankToNull(pod);
        decision = blankToNull(decision);
    }

    /** Reads the four headers through {@code header} (name → value, null when absent). */
    public static Correlation fromHeaders(Function<String, String> header) {
        return new Correlation(header.apply(EventHeaders.NODEPOOL), header.apply(EventHeaders.NODECLAIM),
                header.apply(EventHeaders.POD), header.apply(EventHeaders.DECISION));
    }

    /** Same as {@link #fromHeaders}, for raw Kafka header values (UTF-8). */
    public static Correlation fromHeaderBytes(Function<String, byte[]> header) {
        return fromHeaders(name -> {
            byte[] value = header.apply(name);
            return value == null ? null : new String(value, StandardCharsets.UTF_8);
        });
    }

    public Correlation withNodePool(String value) {
        return new Correlation(value, nodeClaim, pod, decision);
    }

    public Correlation withNodeClaim(String value) {
        return new Correlation(nodePool, value, pod, decision);
    }

    public Correlation withPod(String value) {
        return new Correlation(nodePool, nodeClaim, value, decision);
    }

    public Correlation withDecision(String value) {
        return new Correlation(nodePool, nodeClaim, pod, value);
    }

    /** The present ids, header/MDC name → value, in {@link EventHeaders#MDC_KEYS} order. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        forEach(map::put);
        return map;
    }

    /** Calls {@code sink} with each present id (header/MDC name, value): {@code forEach(MDC::put)}. */
    public void forEach(BiConsumer<String, String> sink) {
        if (nodePool != null) {
            sink.accept(EventHeaders.NODEPOOL, nodePool);
        }
        if (nodeClaim != null) {
            sink.accept(EventHeaders.NODECLAIM, nodeClaim);
        }
        if (pod != null) {
            sink.accept(EventHeaders.POD, pod);
        }
        if (decision != null) {
            sink.accept(EventHeaders.DECISION, decision);
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
