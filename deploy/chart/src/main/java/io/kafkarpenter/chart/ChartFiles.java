package io.kafkarpenter.chart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The charts of deploy/helm, packaged as classpath resources under {@code helm/} (from the module's jar or its
 * target/classes), extracted to a temporary directory once per JVM and deleted at exit. Maven copies the charts'
 * symlinks (crds/, kafkarpenter-crd/templates/) as the files they point to, so the extracted charts hold the CRDs
 * themselves.
 * <p>
 * With system property {@value #HELM_DIR_PROPERTY} (bin/kk chart sets it to the clone's deploy/helm) the charts are
 * copied from that directory instead (symlinks resolved: Helm would log a line per followed link), so edits show
 * without a rebuild.
 */
public final class ChartFiles {

    /** A deploy/helm directory to read the charts from instead of the classpath. */
    public static final String HELM_DIR_PROPERTY = "kk.helm.dir";
    private static final String ROOT = "helm";
    private static Path extracted;

    private ChartFiles() {
    }

    /** The extracted directory of chart {@code name} (e.g. {@code kafkarpenter}). */
    public static synchronized Path chart(String name) {
        if (extracted == null) {
            String dir = System.getProperty(HELM_DIR_PROPERTY, "");
            extracted = dir.isBlank() ? extract() : copyOf(Path.of(dir));
        }
        Path chart = extracted.resolve(name);
        if (!Files.isRegularFile(chart.resolve("Chart.yaml"))) {
            throw new IllegalArgumentException("no chart " + name + " on the classpath (helm/" + name + "/Chart.yaml)");
        }
        return chart;
    }

    /** A fresh copy of chart {@code name} in its own temporary directory; the caller {@link #delete}s it. */
    static Path copy(String name) throws IOException {
        Path source = chart(name);
        Path target = Files.createTempDirectory("kk-chart-").resolve(name);
        copyTree(source, target);
        return target;
    }

    /** Deletes a directory made by {@link #copy} (its parent, the temporary directory, too). */
    static void delete(Path chartCopy) {
        deleteTree(chartCopy.getParent());
    }

    private static Path copyOf(Path helmDir) {
        try {
            Path target = Files.createTempDirectory("kk-helm-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(target)));
            copyTree(helmDir, target);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the charts of " + helmDir, e);
        }
    }

    private static Path extract() {
        URL marker = ChartFiles.class.getClassLoader().getResource(ROOT + "/" + HelmChart.CHART + "/Chart.yaml");
        if (marker == null) {
            throw new IllegalStateException("the charts are not on the classpath (helm/" + HelmChart.CHART
                + "/Chart.yaml): build deploy/chart");
        }
        try {
            Path target = Files.createTempDirectory("kk-helm-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(target)));
            URI uri = marker.toURI();
            if ("jar".equals(uri.getScheme())) {
                FileSystem fs;
                boolean opened = false;
                try {
                    fs = FileSystems.getFileSystem(uri);
                } catch (FileSystemNotFoundException e) {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                    opened = true;
                }
                try {
                    copyTree(fs.getPath("/" + ROOT), target);
                } finally {
                    if (opened) {
                        fs.close();
                    }
                }
            } else {
                copyTree(Path.of(uri).getParent().getParent(), target);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the charts", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies a tree (symlinks followed: their targets' content is copied). Works across file systems (zip). */
    private static void copyTree(Path source, Path target) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(source)) {
            paths = walk.toList();
        }
        for (Path p : paths) {
            Path dest = target.resolve(source.relativize(p).toString());
            if (Files.isDirectory(p)) {
                Files.createDirectories(dest);
            } else {
                Files.createDirectories(dest.getParent());
                Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort: a temporary directory
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }
}
