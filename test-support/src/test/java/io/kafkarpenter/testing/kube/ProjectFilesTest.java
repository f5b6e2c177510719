package io.kafkarpenter.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

class ProjectFilesTest {

    @Test
    void theCrdsAreFoundFromAModuleDirectory() {
        assertThat(ProjectFiles.crds()).endsWith(java.nio.file.Path.of("deploy", "crds"));
        assertThat(Files.isRegularFile(ProjectFiles.crds().resolve("karpenter.sh_nodeclaims.yaml"))).isTrue();
    }

    @Test
    void aFileNoDirectoryUpHasIsAClearError() {
        assertThatThrownBy(() -> ProjectFiles.find("no/such/file-" + System.nanoTime()))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("or any directory above it");
    }
}
