package io.kafkarpenter.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.kafkarpenter.model.events.DecisionRecord;
import io.kafkarpenter.model.events.EventJson;
import io.kafkarpenter.model.events.PodOutcome;
import io.kafkarpenter.model.events.Topics;

/**
 * {@code kk decisions}: tails {@code kk.decisions} and prints one line per pod outcome (a record without pods: one
 * line with its message), so a person can see why each pod was placed where, or why it stays pending.
 *
 * <pre>
 * bin/kk decisions [--bootstrap HOST:PORT] [--command-config FILE] [--from-beginning] [--pod NAMESPACE/NAME]
 *                  [--exit-after DURATION]
 * </pre>
 *
 * {@code --command-config} is a Kafka client properties file, as Kafka's own tools take it (e.g.
 * {@code security.protocol}, {@code sasl.mechanism}, {@code sasl.jaas.config} of a principal that may read
 * {@code kk.decisions} and use groups {@code kk-decisions-cli-*}; {@code bin/kk demo} writes the sandbox's).
 */
public final class Decisions {

    private Decisions() {
    }

    /** Formats one record as lines (time, decision, service, pod, reason code, message). */
    static List<String> lines(DecisionRecord d) {
        String head = d.at() + "  " + d.schedulingId() + "  " + d.service();
        if (d.podOutcomes().isEmpty()) {
            return List.of(head + "  -  " + d.reason().code() + "  " + d.message());
        }
        return d.podOutcomes().stream().map(o -> head + "  " + o.pod().namespace() + "/" + o.pod().name() + "  "
            + o.reason().code() + "  " + outcomeText(o)).toList();
    }

    private static String outcomeText(PodOutcome o) {
        return o.message() == null ? o.reason().code() : o.message();
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        String bootstrap = null;
        boolean fromBeginning = false;
        String pod = null;
        String commandConfig = null;
        Duration exitAfter = null;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--bootstrap" -> bootstrap = value(args, ++i);
                case "--command-config" -> commandConfig = value(args, ++i);
                case "--from-beginning" -> fromBeginning = true;
                case "--pod" -> pod = value(args, ++i);
                case "--exit-after" -> exitAfter = Duration.parse("PT" + value(args, ++i).toUpperCase());
                default -> {
                    err.println("kk decisions: unknown option " + args[i]
                        + " (--bootstrap HOST:PORT, --command-config FILE, --from-beginning, --pod NS/NAME,"
                        + " --exit-after 30s)");
                    return 2;
                }
            }
        }
        Properties props = new Properties();
        if (commandConfig != null) {
            try (Reader in = Files.newBufferedReader(Path.of(commandConfig))) {
                props.load(in);
            } catch (IOException e) {
                err.println("kk decisions: cannot read --command-config " + commandConfig + ": " + e.getMessage());
                return 2;
            }
        }
        if (bootstrap != null || !props.containsKey(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG)) {
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap != null ? bootstrap : System.getenv().getOrDefault("KK_BOOTSTRAP", "localhost:9092"));
        }
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "kk-decisions-cli-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, fromBeginning ? "earliest" : "latest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        Instant deadline = exitAfter == null ? null : Instant.now().plus(exitAfter);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
            new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.DECISIONS));
            while (deadline == null || Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() == null) {
                        continue;
                    }
                    try {
                        for (String line : lines(EventJson.read(r.value(), DecisionRecord.class))) {
                            if (pod == null || line.contains("  " + pod + "  ")) {
                                out.println(line);
                            }
                        }
                    } catch (RuntimeException e) {
                        err.println("kk decisions: record " + r.key() + " at offset " + r.offset() + " unreadable: "
                            + e.getMessage());
                    }
                }
                out.flush();
            }
        }
        return 0;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("option " + args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
