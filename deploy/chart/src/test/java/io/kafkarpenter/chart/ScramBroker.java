package io.kafkarpenter.chart;

import io.kafkarpenter.sandbox.kafka.LocalKafkaBroker;

/** One SASL/SCRAM broker with the StandardAuthorizer for every IT of this JVM, started on first use. */
final class ScramBroker {

    static final String ADMIN = "kafkarpenter-admin";
    static final String ADMIN_PASSWORD = "kafkarpenter-admin-secret";

    private static LocalKafkaBroker broker;

    private ScramBroker() {
    }

    static synchronized LocalKafkaBroker get() {
        if (broker == null) {
            broker = LocalKafkaBroker.builder().saslScram(ADMIN, ADMIN_PASSWORD).build().start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "scram-broker-shutdown"));
        }
        return broker;
    }

    /** The test password of a service's user: {@code kafkarpenter-<service>-secret}. */
    static String password(String user) {
        return user + "-secret";
    }
}
