package io.kafkarpenter.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/**
 * {@code helm template} and {@code helm lint} of the chart {@code deploy/helm/kafkarpenter} through helm-java (Helm
 * as a native library: no helm binary). The charts are classpath resources of this module, extracted once per JVM
 * ({@link ChartFiles}).
 * <p>
 * {@code settings.clusterName} is required (as in Karpenter's chart): {@code template(Map.of())} fails with Helm's
 * message; pass at least {@code Map.of("settings.clusterName", "my-cluster")}. Every other value has a default that
 * renders.
 */
public final class HelmChart {

    /** The documented release name: objects are named {@code kafkarpenter-<service>}. */
    public static final String RELEASE = "kafkarpenter";
    /** The documented release namespace (Karpenter's getting-started default). */
    public static final String NAMESPACE = "kube-system";
    /** The chart directory under deploy/helm. */
    public static final String CHART = "kafkarpenter";
    /** The CRD chart directory under deploy/helm. */
    public static final String CRD_CHART = "kafkarpenter-crd";

    private HelmChart() {
    }

    /**
     * {@code helm template kafkarpenter deploy/helm/kafkarpenter --namespace kube-system} with the given
     * {@code --set key=value} pairs: Helm's key syntax ({@code a.b}, {@code a\.b} for a dot inside a key, {@code
     * a[0].b}), values typed as {@code --set} types them ({@code true}, {@code 3}) but taken whole (a comma is part of
     * the value). {@code Map.of()}: the defaults. The output holds no hooks and no CRDs ({@link RenderedChart}).
     *
     * @throws IllegalStateException when Helm cannot render (a {@code required} value missing, a template error)
     */
    public static RenderedChart template(Map<String, String> setValues) {
        return template(CHART, setValues);
    }

    /** Like {@link #template(Map)} for another chart of deploy/helm, e.g. {@link #CRD_CHART}. */
    public static RenderedChart template(String chart, Map<String, String> setValues) {
        TemplateCommand command = new Helm(ChartFiles.chart(chart)).template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE);
        new LinkedHashMap<>(setValues).forEach(command::set);
        String yaml;
        try {
            yaml = command.call();
        } catch (RuntimeException e) {
            throw new IllegalStateException("helm template " + chart + " failed: " + e.getMessage(), e);
        }
        return RenderedChart.parse(yaml);
    }

    /**
     * {@code helm lint deploy/helm/kafkarpenter} with the given values. helm-java's lint takes no values, so the chart
     * is copied to a temporary directory whose values.yaml has them merged in ({@link ValuesOverride}).
     *
     * @return Helm's messages (one per line; empty when there are none)
     * @throws IllegalStateException when the chart fails to lint
     */
    public static String lint(Map<String, String> setValues) {
        return lint(CHART, setValues);
    }

    /** Like {@link #lint(Map)} for another chart of deploy/helm. */
    public static String lint(String chart, Map<String, String> setValues) {
        Path dir = ChartFiles.chart(chart);
        Path copy = null;
        try {
            if (!setValues.isEmpty()) {
                copy = ChartFiles.copy(chart);
                Path values = copy.resolve("values.yaml");
                Files.writeString(values, ValuesOverride.apply(Files.readString(values), setValues));
                dir = copy;
            }
            LintResult result = new Helm(dir).lint().call();
            String messages = String.join("\n", result.getMessages());
            if (result.isFailed()) {
                throw new IllegalStateException("helm lint " + chart + " failed:\n" + messages);
            }
            return messages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (copy != null) {
                ChartFiles.delete(copy);
            }
        }
    }
}
