package io.kafkarpenter.sandbox.iam;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Which policy statements allowed something: every {@link StatementRef} recorded once, in memory and — with a
 * directory — in {@code <dir>/<pid>-<random>.used}, one {@code policyName<TAB>Sid} line per statement, written and
 * flushed as soon as the statement is first seen (so a killed process loses nothing already answered). Many
 * simulators (processes, tests) may write into one directory; {@link #read(Path)} unions them. Thread-safe.
 */
public final class IamUsage implements AutoCloseable {
    public static final String SUFFIX = ".used";

    private final Set<StatementRef> used = new LinkedHashSet<>();
    private final Path file;
    private BufferedWriter writer;

    /** Records in memory only. */
    public IamUsage() {
        this(null);
    }

    /** Records in memory and, when {@code dir} is not null, in a new {@code .used} file below it (created lazily). */
    public IamUsage(Path dir) {
        this.file = dir == null ? null : dir.resolve(ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8) + SUFFIX);
    }

    /** The file this recorder writes, or null without a directory. */
    public Path file() {
        return file;
    }

    public synchronized void record(StatementRef ref) {
        if (!used.add(ref)) {
            return;
        }
        if (file == null) {
            return;
        }
        try {
            if (writer == null) {
                Files.createDirectories(file.getParent());
                writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            }
            writer.write(ref.policy() + "\t" + ref.sid() + "\n");
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record IAM statement usage in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The statements recorded by this recorder so far, in the order first seen. */
    public synchronized Set<StatementRef> used() {
        return Set.copyOf(used);
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + file + ": " + e.getMessage(), e);
            } finally {
                writer = null;
            }
        }
    }

    /** Every statement recorded in any {@code .used} file below {@code dir} (recursively); empty when it does not exist. */
    public static Set<StatementRef> read(Path dir) {
        Set<StatementRef> all = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return all;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(SUFFIX) && Files.isRegularFile(p)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
        for (Path f : files) {
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
            }
            int n = 0;
            for (String line : lines) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.split("\t", -1);
                if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
                    // a process killed mid-write may leave a partial last line: only that one is tolerated
                    if (n == lines.size()) {
                        continue;
                    }
                    throw new IllegalArgumentException(f + ":" + n + ": not policyName<TAB>Sid: " + line);
                }
                all.add(new StatementRef(parts[0], parts[1]));
            }
        }
        return all;
    }
}
