package io.kafkarpenter.sandbox.e2e.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** {@code bin/kk chaos [--duration 10m] [--seed N]}: exit 0 with no violation, 1 with any, 2 on bad options. */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofMinutes(10);
        long seed = System.nanoTime() % 1_000_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--duration" -> duration = Duration.parse("PT" + value(args, ++i).toUpperCase(Locale.ROOT));
                case "--seed" -> seed = Long.parseLong(value(args, ++i));
                default -> {
                    System.err.println("kk chaos: unknown option " + args[i] + " (--duration 10m, --seed N)");
                    System.exit(2);
                }
            }
        }
        if (duration.toSeconds() < 60) {
            System.err.println("kk chaos: --duration must be at least 60s");
            System.exit(2);
        }
        Path kkHome = Path.of(System.getProperty("kk.home", ".")).toAbsolutePath().normalize();
        Path state = Path.of(System.getProperty("kk.state", kkHome.resolve(".kk/chaos").toString()));
        ChaosRun.Result result = ChaosRun.run(kkHome, state, seed, duration, System.out);
        Files.writeString(state.resolve("chaos-report.md"), result.report());
        System.out.println("report written to " + state.resolve("chaos-report.md"));
        System.exit(result.violations() == 0 ? 0 : 1);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.println("kk chaos: " + args[i - 1] + " needs a value");
            System.exit(2);
        }
        return args[i];
    }
}
