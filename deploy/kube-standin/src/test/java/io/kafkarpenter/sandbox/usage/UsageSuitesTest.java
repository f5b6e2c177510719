package io.kafkarpenter.sandbox.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IAM record's bookkeeping apart from the RBAC one's (RbacUsageSuitesTest covers the shared behaviour). */
class UsageSuitesTest {

    @TempDir
    Path base;
    private Properties saved;

    @BeforeEach
    void pointAtTheTempDir() {
        saved = (Properties) System.getProperties().clone();
        System.setProperty(UsageSuites.IAM.dirProperty(), base.resolve("iam").toString());
        System.setProperty(UsageSuites.RBAC.dirProperty(), base.resolve("rbac").toString());
        System.clearProperty(UsageSuites.FILTER_PROPERTY);
    }

    @AfterEach
    void restore() {
        System.setProperties(saved);
    }

    @Test
    void iamAndRbacKeepSeparateRecordsAndThePodWatcherIsNoIamSuite() throws IOException {
        Path rbac = base.resolve("rbac").resolve("launcher");
        Files.createDirectories(rbac);
        Files.writeString(rbac.resolve("a.used"), "x\n");

        Path iam = UsageSuites.IAM.dir("launcher").orElseThrow();
        assertThat(iam).isEqualTo(base.resolve("iam").resolve("launcher"));
        Files.createDirectories(iam);
        Files.writeString(iam.resolve("b.used"), "launcher\tAllowScopedDeletion\n");
        assertThat(rbac.resolve("a.used")).exists();
        assertThat(UsageSuites.IAM.recorded(base.resolve("iam"))).containsExactly("launcher");
        assertThat(UsageSuites.IAM.missing(base.resolve("iam")))
            .containsExactly("provisioner", "consolidator", "tag-reconciler", "e2e");
        assertThatThrownBy(() -> UsageSuites.IAM.dir("pod-watcher")).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("IAM");
        assertThat(UsageSuites.RBAC.suites()).contains("pod-watcher");
        assertThat(UsageSuites.IAM.completeRuns(base)).hasSize(5).allMatch(p -> p.getParent().equals(base));
        assertThat(List.of(UsageSuites.IAM.dirProperty(), UsageSuites.IAM.dirEnv()))
            .containsExactly("kk.iam.usage-dir", "KK_IAM_USAGE_DIR");
    }
}
