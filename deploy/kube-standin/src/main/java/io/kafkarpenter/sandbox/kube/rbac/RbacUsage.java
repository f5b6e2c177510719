package io.kafkarpenter.sandbox.kube.rbac;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.kafkarpenter.sandbox.usage.UsageSuites;

/**
 * Which grants of a policy allowed at least one request. Every request of a non-admin user that RBAC allows records
 * <b>all</b> the grants that match it (not only the first): whether a grant is used then does not depend on the
 * order roles happen to be evaluated in, and of two overlapping grants (say a ClusterRole and a Role both allowing
 * {@code get leases}) both count as used, so the unused list names only permissions nothing needed.
 *
 * <p>Runs spread over JVMs (ITs, the e2e suite's stand-in process) pool their usage in a directory:
 * {@link #close()} writes the used keys to {@code DIR/<random>.used} when a directory is configured (system property
 * {@value #DIR_PROPERTY}, else environment variable {@value #DIR_ENV}, or given explicitly), and
 * {@link #unusedAcrossRuns} unions those files.
 */
public final class RbacUsage implements AutoCloseable {

    public static final String DIR_PROPERTY = "kk.rbac.usage-dir";
    public static final String DIR_ENV = "KK_RBAC_USAGE_DIR";
    private static final String SUFFIX = ".used";

    private final RbacPolicy policy;
    private final Path dir;
    private final Set<RbacGrant> used = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean written = new AtomicBoolean();

    /** @param dir where {@link #close()} writes the used grants; null = nowhere */
    public RbacUsage(RbacPolicy policy, Path dir) {
        this.policy = policy;
        this.dir = dir;
    }

    /** The directory named by {@value #DIR_PROPERTY} or {@value #DIR_ENV}, if any. */
    public static Optional<Path> configuredDir() {
        return UsageSuites.RBAC.configuredDir();
    }

    public RbacPolicy policy() {
        return policy;
    }

    public Optional<Path> dir() {
        return Optional.ofNullable(dir);
    }

    public void record(Collection<RbacGrant> grants) {
        used.addAll(grants);
    }

    /** Grants that allowed at least one request, sorted. */
    public Set<RbacGrant> usedGrants() {
        return Collections.unmodifiableSet(new TreeSet<>(used));
    }

    /** The policy's grants that allowed no request so far, sorted. */
    public Set<RbacGrant> unusedGrants() {
        Set<RbacGrant> unused = new TreeSet<>(policy.grants());
        unused.removeAll(used);
        return Collections.unmodifiableSet(unused);
    }

    /** Writes the used grants' keys to a new file {@code dir/<random>.used} (written whole, then renamed into place). */
    public Path writeTo(Path directory) {
        try {
            Files.createDirectories(directory);
            String name = UUID.randomUUID().toString();
            Path temporary = directory.resolve(name + ".tmp");
            Path target = directory.resolve(name + SUFFIX);
            Files.write(temporary, usedGrants().stream().map(RbacGrant::key).toList(), StandardCharsets.UTF_8);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write RBAC usage to " + directory, e);
        }
    }

    /** Writes the used grants to the configured directory, once; without a directory does nothing. */
    @Override
    public void close() {
        if (dir != null && written.compareAndSet(false, true)) {
            writeTo(dir);
        }
    }

    /** The union of the used grants in every {@code *.used} file of {@code usageDir} (none when it does not exist). */
    public static Set<RbacGrant> usedAcrossRuns(Path usageDir) {
        Set<RbacGrant> all = new TreeSet<>();
        if (!Files.isDirectory(usageDir)) {
            return all;
        }
        try (Stream<Path> files = Files.list(usageDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        all.add(RbacGrant.parse(line));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read RBAC usage from " + usageDir, e);
        }
        return all;
    }

    /** The grants of {@code policy} that no run recorded in {@code usageDir} used, sorted. */
    public static Set<RbacGrant> unusedAcrossRuns(RbacPolicy policy, Path usageDir) {
        Set<RbacGrant> unused = new TreeSet<>(policy.grants());
        unused.removeAll(usedAcrossRuns(usageDir));
        return Collections.unmodifiableSet(unused);
    }
}
