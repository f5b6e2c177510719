package io.kafkarpenter.sandbox.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import sun.misc.Signal;

/**
 * Runs a {@link LocalKafkaBroker} as its own OS process, for people ({@code bin/kk kafka start}) and for the
 * local sandbox.
 *
 * <pre>
 * java -cp 'target/lib/*:target/local-kafka-*.jar' io.kafkarpenter.sandbox.kafka.KafkaBrokerMain \
 *      [--port 19092] [--controller-port 19093] [--data-dir .kk/kafka] [--log-file DATA_DIR/broker.log]
 *      [--sasl-scram --admin-user kafkarpenter-admin --admin-password kafkarpenter-admin-secret]
 * </pre>
 *
 * {@code --sasl-scram} runs the broker with SASL/SCRAM-SHA-512 and ACLs ({@link LocalKafkaBroker.Builder#saslScram});
 * the admin user and password default to {@code kafkarpenter-admin} / {@code kafkarpenter-admin-secret}. The
 * admin's credential is written when the data directory is formatted: a directory formatted without it (or with
 * another password) keeps what it was formatted with.
 *
 * Prints one line {@value #READY_PREFIX}{@code bootstrap=localhost:19092 data=/abs/dir} on stdout when clients can
 * connect; the broker's own logs go to the log file. SIGTERM (or Ctrl-C) stops the broker cleanly, prints
 * {@value #STOPPED_LINE} and exits with status 0.
 */
public final class KafkaBrokerMain {

    public static final String READY_PREFIX = "kafka broker ready: ";
    public static final String STOPPED_LINE = "kafka broker stopped";
    static final int DEFAULT_PORT = 19092;
    static final String DEFAULT_ADMIN_USER = "kafkarpenter-admin";
    static final String DEFAULT_ADMIN_PASSWORD = "kafkarpenter-admin-secret";
    private static final String USAGE = "usage: KafkaBrokerMain [--port N] [--controller-port N] [--data-dir DIR] [--log-file FILE]"
        + " [--sasl-scram [--admin-user USER] [--admin-password PASSWORD]]";

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        int port = DEFAULT_PORT;
        int controllerPort = 0;
        Path dataDir = Path.of(".kk", "kafka");
        Path logFile = null;
        boolean saslScram = false;
        String adminUser = DEFAULT_ADMIN_USER;
        String adminPassword = DEFAULT_ADMIN_PASSWORD;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> port = parsePort(arg, value(args, ++i, arg));
                case "--controller-port" -> controllerPort = parsePort(arg, value(args, ++i, arg));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--log-file" -> logFile = Path.of(value(args, ++i, arg));
                case "--sasl-scram" -> saslScram = true;
                case "--admin-user" -> adminUser = value(args, ++i, arg);
                case "--admin-password" -> adminPassword = value(args, ++i, arg);
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> usage("unknown argument '" + arg + "'");
            }
        }
        if (controllerPort == 0) {
            controllerPort = port + 1;
        }
        dataDir = dataDir.toAbsolutePath();
        Files.createDirectories(dataDir);
        if (logFile == null) {
            logFile = dataDir.resolve("broker.log");
        }
        // before anything touches slf4j: the broker logs to a file, the console shows only our two lines
        System.setProperty("org.slf4j.simpleLogger.logFile", logFile.toAbsolutePath().toString());
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        }
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");

        CountDownLatch stopRequested = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), signal -> stopRequested.countDown());
        Signal.handle(new Signal("INT"), signal -> stopRequested.countDown());

        LocalKafkaBroker.Builder builder = LocalKafkaBroker.builder()
            .port(port).controllerPort(controllerPort).dataDir(dataDir);
        if (saslScram) {
            try {
                builder.saslScram(adminUser, adminPassword);
            } catch (IllegalArgumentException e) {
                usage(e.getMessage());
            }
        }
        LocalKafkaBroker broker = builder.build();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-broker-shutdown"));
        try {
            broker.start();
        } catch (RuntimeException e) {
            System.err.println("kafka broker failed to start: " + e.getMessage() + " (see " + logFile + ")");
            System.exit(1);
        }
        System.out.println(READY_PREFIX + "bootstrap=" + broker.bootstrapServers() + " data=" + dataDir
            + " log=" + logFile.toAbsolutePath() + (saslScram ? " sasl=SCRAM-SHA-512 admin=" + adminUser : ""));
        System.out.flush();

        stopRequested.await();
        broker.close();
        System.out.println(STOPPED_LINE);
        System.out.flush();
        System.exit(0);
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            usage(flag + " needs a value");
        }
        return args[index];
    }

    private static int parsePort(String flag, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        usage(flag + " must be a port number (1-65535), got '" + value + "'");
        return -1;
    }

    private static void usage(String problem) {
        System.err.println("KafkaBrokerMain: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }
}
