package io.kafkarpenter.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.marcnuri.helm.Helm;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The CRDs ship in both charts as the files of deploy/crds: in the repository as relative symlinks (Helm follows
 * them), in this module's classpath as copies of the same bytes. Chart versions follow the project version.
 */
class ChartFilesTest {

    private static final Path CRDS = Path.of(System.getProperty("kk.crds.dir"));
    private static final Path HELM_SOURCES = CRDS.getParent().resolve("helm");

    private static List<Path> crdFiles() throws IOException {
        try (Stream<Path> files = Files.list(CRDS)) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void sourceChartsLinkToDeployCrds() throws IOException {
        List<Path> crds = crdFiles();
        assertThat(crds).hasSizeGreaterThanOrEqualTo(3);
        for (String dir : List.of("kafkarpenter/crds", "kafkarpenter-crd/templates")) {
            Path chartDir = HELM_SOURCES.resolve(dir);
            try (Stream<Path> files = Files.list(chartDir)) {
                assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).as(dir)
                    .isEqualTo(crds.stream().map(p -> p.getFileName().toString()).toList());
            }
            for (Path crd : crds) {
                Path link = chartDir.resolve(crd.getFileName());
                assertThat(Files.isSymbolicLink(link)).as(link + " is a symlink").isTrue();
                assertThat(Files.readSymbolicLink(link).toString()).isEqualTo("../../../crds/" + crd.getFileName());
            }
        }
    }

    @Test
    void packagedChartsHoldTheSameCrdBytes() throws IOException {
        for (Path crd : crdFiles()) {
            byte[] expected = Files.readAllBytes(crd);
            for (Path copy : List.of(ChartFiles.chart(HelmChart.CHART).resolve("crds").resolve(crd.getFileName()),
                    ChartFiles.chart(HelmChart.CRD_CHART).resolve("templates").resolve(crd.getFileName()))) {
                assertThat(Files.isSymbolicLink(copy)).isFalse();
                assertThat(Files.readAllBytes(copy)).as(copy.toString()).isEqualTo(expected);
            }
        }
    }

    @Test
    void crdChartRendersTheCrdsUnchanged() throws IOException {
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<CustomResourceDefinition> expected = crdFiles().stream()
            .map(p -> serialization.unmarshal(read(p), CustomResourceDefinition.class)).toList();
        RenderedChart packaged = HelmChart.template(HelmChart.CRD_CHART, Map.of());
        assertThat(packaged.ofKind(CustomResourceDefinition.class)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(packaged.objects()).hasSameSizeAs(expected);
        // Helm itself follows the repository's symlinks (helm install deploy/helm/kafkarpenter-crd from a clone)
        String fromSources = new Helm(HELM_SOURCES.resolve(HelmChart.CRD_CHART)).template().call();
        assertThat(RenderedChart.parse(fromSources).ofKind(CustomResourceDefinition.class))
            .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(HelmChart.lint(HelmChart.CRD_CHART, Map.of())).doesNotContain("[ERROR]");
    }

    @Test
    void theApplicationChartLeavesCrdsOutOfItsManifest() {
        assertThat(Charts.render().ofKind(CustomResourceDefinition.class)).isEmpty();
    }

    @Test
    void chartVersionsAreTheProjectVersion() throws IOException {
        String version = System.getProperty("kk.project.version");
        KubernetesSerialization serialization = new KubernetesSerialization();
        for (String chart : List.of(HelmChart.CHART, HelmChart.CRD_CHART)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> meta = serialization.unmarshal(
                Files.readString(HELM_SOURCES.resolve(chart).resolve("Chart.yaml")), Map.class);
            assertThat(meta).as(chart).containsEntry("apiVersion", "v2").containsEntry("name", chart)
                .containsEntry("version", version).containsEntry("appVersion", version);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
