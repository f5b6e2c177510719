package io.kafkarpenter.cli.topics;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.kafkarpenter.chart.KafkaAccess;
import io.kafkarpenter.chart.KafkaAccessApplier;
import io.kafkarpenter.chart.KafkaAccessApplier.Change;
import io.kafkarpenter.chart.KafkaAccessApplier.Outcome;
import io.kafkarpenter.cli.chart.SetValue;

/**
 * {@code kk-cli topics apply --bootstrap HOST:PORT [--command-config FILE] [--replication-factor N]
 * [--set key=value]... [--topics-only] [--dry-run]}: the chart's topics and each service's ACLs ({@link KafkaAccess#fromChart})
 * created on any broker with the Admin API ({@link KafkaAccessApplier}); one line per topic and ACL, created or
 * present. {@code --command-config} is a Kafka client properties file as kafka-topics.sh takes it (security
 * protocol, SASL, TLS). Usage errors exit 2, a failure (unreachable broker, not authorized) exits 1.
 * {@code topics msk-policy} is {@link MskPolicyCommand}.
 */
public final class TopicsCommand {

    private TopicsCommand() {
    }

    static String usage() {
        return "usage: bin/kk topics apply --bootstrap HOST:PORT [--command-config FILE] [--replication-factor N]\n"
            + "                           [--set key=value]... [--topics-only] [--dry-run]\n"
            + "  creates the chart's topics (kafka.topics.list) and each service's ACLs (its KafkaUser's rules),\n"
            + "  what is missing only; --command-config: Kafka client properties (security.protocol, sasl.*, ssl.*);\n"
            + "  --set: chart values (e.g. kafka.topics.list.kk\\.nodeclaims\\.launch.partitions=12);\n"
            + "  --topics-only: no ACLs (MSK with IAM access control, where IAM policies take their place);\n"
            + "  --dry-run: compare only (without --bootstrap: list everything the chart defines)";
    }

    /** {@code args[0]} is {@code topics}. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length >= 2 && args[1].equals("msk-policy")) {
            return MskPolicyCommand.run(args, out, err);
        }
        if (args.length < 2 || !args[1].equals("apply")) {
            err.println(usage());
            err.println(MskPolicyCommand.usage());
            return 2;
        }
        String bootstrap = null;
        Path commandConfig = null;
        int replicationFactor = -1;
        boolean dryRun = false;
        boolean topicsOnly = false;
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            boolean hasValue = i + 1 < args.length;
            switch (arg) {
                case "--dry-run" -> dryRun = true;
                case "--topics-only" -> topicsOnly = true;
                case "--bootstrap", "--bootstrap-server" -> {
                    if (!hasValue) {
                        return usageError(err, arg + " needs HOST:PORT");
                    }
                    bootstrap = args[++i];
                }
                case "--command-config" -> {
                    if (!hasValue) {
                        return usageError(err, arg + " needs a file");
                    }
                    commandConfig = Path.of(args[++i]);
                }
                case "--replication-factor" -> {
                    if (!hasValue || !args[i + 1].matches("[1-9][0-9]{0,3}")) {
                        return usageError(err, "--replication-factor needs a positive number");
                    }
                    replicationFactor = Integer.parseInt(args[++i]);
                }
                case "--set" -> {
                    if (!hasValue || !SetValue.put(values, args[++i])) {
                        return usageError(err, "--set needs key=value");
                    }
                }
                default -> {
                    return usageError(err, "unknown argument " + arg);
                }
            }
        }
        if (bootstrap == null && !dryRun) {
            return usageError(err, "--bootstrap is required (or --dry-run to list what the chart defines)");
        }
        try {
            KafkaAccess access = KafkaAccess.fromChart(values);
            if (topicsOnly) {
                access = access.topicsOnly();
            }
            List<Change> changes;
            if (bootstrap == null) {
                changes = KafkaAccessApplier.plan(access, replicationFactor);
            } else {
                try (Admin admin = Admin.create(clientProperties(bootstrap, commandConfig))) {
                    changes = KafkaAccessApplier.apply(admin, access, replicationFactor, dryRun);
                }
            }
            changes.forEach(out::println);
            out.println(summary(changes, dryRun));
            return 0;
        } catch (IOException e) {
            err.println("kk topics apply: cannot read " + commandConfig + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("kk topics apply: " + e.getMessage());
            return 1;
        }
    }

    private static Properties clientProperties(String bootstrap, Path commandConfig) throws IOException {
        Properties props = new Properties();
        if (commandConfig != null) {
            try (Reader in = Files.newBufferedReader(commandConfig)) {
                props.load(in);
            }
        }
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        return props;
    }

    private static String summary(List<Change> changes, boolean dryRun) {
        long created = changes.stream().filter(c -> c.outcome() == Outcome.CREATED).count();
        long toCreate = changes.stream().filter(c -> c.outcome() == Outcome.WOULD_CREATE).count();
        long present = changes.stream().filter(c -> c.outcome() == Outcome.PRESENT).count();
        return dryRun ? "dry run: " + toCreate + " to create, " + present + " present (nothing changed)"
            : created + " created, " + present + " present";
    }

    private static int usageError(PrintStream err, String problem) {
        err.println("kk topics apply: " + problem);
        err.println(usage());
        return 2;
    }
}
