package io.kafkarpenter.sandbox.kafka;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The broker settings of {@link LocalKafkaBroker.Builder#saslScram}: listeners, SASL mechanisms, the authorizer and the
 * admin's credential at format time (the reasons are in {@link LocalKafkaBroker}'s class comment).
 */
record ScramSecurity(String adminUser, String adminPassword) {

    static final String MECHANISM = "SCRAM-SHA-512";
    static final int ITERATIONS = 4096;

    ScramSecurity {
        if (!Objects.requireNonNull(adminUser).matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("admin user must match [A-Za-z0-9._-]+, got '" + adminUser + "'");
        }
        if (Objects.requireNonNull(adminPassword).isEmpty() || adminPassword.contains(",") || adminPassword.contains("]")) {
            throw new IllegalArgumentException(
                "admin password must be non-empty without ',' or ']' (kafka-storage --add-scram syntax)");
        }
    }

    /** Listeners CLIENT (SASL_PLAINTEXT, SCRAM-SHA-512) and CONTROLLER (SASL_PLAINTEXT, PLAIN, the admin only). */
    Map<String, String> serverProperties(int brokerPort, int controllerPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("listeners", "CLIENT://localhost:" + brokerPort + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "CLIENT://localhost:" + brokerPort);
        p.put("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", "CLIENT");
        p.put("sasl.enabled.mechanisms", MECHANISM);
        p.put("listener.name.client.sasl.enabled.mechanisms", MECHANISM);
        p.put("sasl.mechanism.inter.broker.protocol", MECHANISM);
        p.put("listener.name.client.scram-sha-512.sasl.jaas.config", jaasConfig(adminUser, adminPassword));
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        p.put("listener.name.controller.plain.sasl.jaas.config",
            "org.apache.kafka.common.security.plain.PlainLoginModule required username=" + quote(adminUser)
                + " password=" + quote(adminPassword) + " user_" + adminUser + "=" + quote(adminPassword) + ";");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", "User:" + adminUser);
        p.put("allow.everyone.if.no.acl.found", "false");
        return p;
    }

    /** {@code kafka-storage format} arguments that write the admin's SCRAM credential into the metadata log. */
    List<String> formatArguments() {
        return List.of("--add-scram", MECHANISM + "=[name=" + adminUser + ",password=" + adminPassword + "]");
    }

    static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=" + quote(user)
            + " password=" + quote(password) + ";";
    }

    /** A JAAS option value in double quotes (backslash and quote escaped). */
    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
