package io.kafkarpenter.testing.kube;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of this repository, found from whichever module directory a test runs in. */
public final class ProjectFiles {

    private ProjectFiles() {
    }

    /**
     * {@code relative} under the first directory, from the working directory up, that has it (a module runs its
     * tests in its own directory: {@code launcher/}, {@code deploy/e2e/} ...).
     *
     * @throws IllegalStateException when no directory up to the file system root has it
     */
    public static Path find(String relative) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(relative);
            if (Files.exists(candidate)) {
                return candidate.normalize();
            }
        }
        throw new IllegalStateException("no " + relative + " in " + start + " or any directory above it");
    }

    /** The CRDs a cluster running Kafkarpenter has ({@code deploy/crds}). */
    public static Path crds() {
        return find("deploy/crds/karpenter.sh_nodepools.yaml").getParent();
    }
}
