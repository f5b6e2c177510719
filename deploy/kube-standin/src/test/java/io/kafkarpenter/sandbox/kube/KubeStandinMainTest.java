package io.kafkarpenter.sandbox.kube;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KubeStandinMainTest {

    @Test
    void parsesTheKubeletAndSchedulerFlags() {
        var options = KubeStandinMain.Options.parse("--port", "0", "--ec2-endpoint", "http://127.0.0.1:18500",
                "--cluster", "demo", "--boot-delay", "2s", "--init-delay", "500ms", "--no-scheduler");

        assertThat(options.ec2Endpoint()).isEqualTo(URI.create("http://127.0.0.1:18500"));
        assertThat(options.kubelet().cluster()).isEqualTo("demo");
        assertThat(options.kubelet().bootDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.kubelet().initDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(options.runKubelet()).isTrue();
        assertThat(options.runScheduler()).isFalse();
        assertThat(KubeStandinMain.Options.parse("--no-kubelet").runKubelet()).isFalse();
        assertThat(options.runControllers()).isTrue();
        assertThat(KubeStandinMain.Options.parse("--no-controllers").runControllers()).isFalse();
    }

    @Test
    void parsesTheRbacFlags() {
        var options = KubeStandinMain.Options.parse("--rbac", "chart.yaml", "--rbac-usage-dir", "target/rbac-usage");

        assertThat(options.rbac()).isEqualTo(java.nio.file.Path.of("chart.yaml"));
        assertThat(options.rbacUsageDir()).isEqualTo(java.nio.file.Path.of("target/rbac-usage"));
        assertThat(KubeStandinMain.Options.parse().rbac()).isNull();
        assertThat(options.unauthenticatedAdmin()).isFalse();
        assertThat(KubeStandinMain.Options.parse("--rbac", "chart.yaml", "--unauthenticated-admin").unauthenticatedAdmin()).isTrue();
        assertThatThrownBy(() -> KubeStandinMain.Options.parse("--rbac-usage-dir", "x"))
                .hasMessageContaining("--rbac-usage-dir needs --rbac");
    }

    @Test
    void parsesTheKubeconfigFlag() {
        assertThat(KubeStandinMain.Options.parse("--kubeconfig", "state/kubeconfig").kubeconfig())
                .isEqualTo(java.nio.file.Path.of("state/kubeconfig"));
        assertThat(KubeStandinMain.Options.parse().kubeconfig()).isNull();
    }

    @Test
    void rejectsUnknownOptionsAndBadDurations() {
        assertThatThrownBy(() -> KubeStandinMain.Options.parse("--bogus")).hasMessageContaining("unknown option --bogus");
        assertThatThrownBy(() -> KubeStandinMain.Options.parse("--boot-delay", "soon"))
                .hasMessageContaining("--boot-delay: 'soon' is not a duration");
        assertThat(KubeStandinMain.duration("PT1M", "--x")).isEqualTo(Duration.ofMinutes(1));
    }
}
