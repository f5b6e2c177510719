package io.kafkarpenter.sandbox.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IamUsageTest {
    @Test
    void eachStatementIsWrittenOnceAndImmediately(@TempDir Path dir) throws Exception {
        try (IamUsage usage = new IamUsage(dir.resolve("usage"))) {
            usage.record(new StatementRef("launcher", "AllowScopedDeletion"));
            usage.record(new StatementRef("launcher", "AllowScopedDeletion"));
            usage.record(new StatementRef("provisioner", "AllowRegionalReadActions"));

            assertThat(usage.file().getFileName().toString()).endsWith(".used");
            assertThat(Files.readString(usage.file())).as("flushed before close")
                    .isEqualTo("launcher\tAllowScopedDeletion\nprovisioner\tAllowRegionalReadActions\n");
            assertThat(usage.used()).containsExactlyInAnyOrder(new StatementRef("launcher", "AllowScopedDeletion"),
                    new StatementRef("provisioner", "AllowRegionalReadActions"));
        }
    }

    @Test
    void readUnionsEveryUsedFileBelowADirectory(@TempDir Path dir) throws Exception {
        try (IamUsage a = new IamUsage(dir); IamUsage b = new IamUsage(dir.resolve("nested"))) {
            a.record(new StatementRef("launcher", "A"));
            b.record(new StatementRef("launcher", "A"));
            b.record(new StatementRef("consolidator", "B"));
        }
        Files.writeString(dir.resolve("notes.txt"), "ignored\tline\n");

        assertThat(IamUsage.read(dir)).containsExactly(new StatementRef("consolidator", "B"), new StatementRef("launcher", "A"));
        assertThat(IamUsage.read(dir.resolve("missing"))).isEmpty();
    }

    @Test
    void aTruncatedLastLineIsIgnoredButABadLineElsewhereIsAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("killed.used"), "launcher\tA\nlaunch");
        assertThat(IamUsage.read(dir)).containsExactly(new StatementRef("launcher", "A"));

        Files.writeString(dir.resolve("bad.used"), "no tab here\nlauncher\tB\n");
        assertThatThrownBy(() -> IamUsage.read(dir)).hasMessageContaining("bad.used:1");
    }

    @Test
    void withoutADirectoryOnlyMemoryRecords() {
        try (IamUsage usage = new IamUsage()) {
            usage.record(new StatementRef("p", "S"));
            assertThat(usage.file()).isNull();
            assertThat(usage.used()).containsExactly(new StatementRef("p", "S"));
        }
    }
}
