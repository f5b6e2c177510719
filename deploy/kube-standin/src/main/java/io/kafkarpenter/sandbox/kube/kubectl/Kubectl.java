package io.kafkarpenter.sandbox.kube.kubectl;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The real kubectl binary, run against one kubeconfig with its own discovery cache and {@code HOME} (no state shared
 * with the user's): what the stand-in's kubectl ITs and the e2e workshop IT drive.
 */
public final class Kubectl {

    /** What one run printed. */
    public record Result(int exitCode, String out, String err) {
        /** stdout then stderr. */
        public String output() {
            return out + err;
        }

        public List<String> lines() {
            return out.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + out + "stderr:\n" + err;
        }
    }

    private static final int DEFAULT_TIMEOUT_SECONDS = 120;

    private final Path binary;
    private final Path kubeconfig;
    private final Path home;

    public Kubectl(Path binary, Path kubeconfig, Path home) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
        this.home = home;
    }

    /** The kubectl on $PATH (or /usr/bin/kubectl), if any. */
    public static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin";
        return Stream.of(path.split(":")).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "kubectl"))
                .filter(Files::isExecutable).findFirst();
    }

    /** Runs kubectl, at most 2 minutes. */
    public Result run(String... arguments) {
        return run(DEFAULT_TIMEOUT_SECONDS, null, arguments);
    }

    public Result run(int timeoutSeconds, String... arguments) {
        return run(timeoutSeconds, null, arguments);
    }

    /** Runs kubectl with {@code stdin} as its standard input, at most 2 minutes. */
    public Result withInput(String stdin, String... arguments) {
        return run(DEFAULT_TIMEOUT_SECONDS, stdin, arguments);
    }

    /** Runs kubectl until {@code done} accepts its result, every second, at most {@code timeout}; the last result. */
    public Result until(Predicate<Result> done, Duration timeout, String... arguments) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Result last = run(arguments);
        while (!done.test(last) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = run(arguments);
        }
        return last;
    }

    /** Starts a long-running kubectl (e.g. {@code get -w}) writing to {@code out}; the caller destroys it. */
    public Process start(Path out, String... arguments) throws IOException {
        return builder(arguments).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    }

    private Result run(int timeoutSeconds, String stdin, String... arguments) {
        try {
            Files.createDirectories(home);
            Path out = Files.createTempFile(home, "out", ".txt");
            Path err = Files.createTempFile(home, "err", ".txt");
            Process process = builder(arguments).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8) + "\n(timed out after " + timeoutSeconds + " s)");
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ProcessBuilder builder(String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.add("--cache-dir=" + home.resolve("cache"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("HOME", home.toString());
        return builder;
    }
}
