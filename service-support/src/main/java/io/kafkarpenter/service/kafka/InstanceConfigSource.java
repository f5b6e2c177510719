package io.kafkarpenter.service.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * {@value #PROPERTY}: the name of this process for the consumer groups every replica needs for itself (a group per
 * instance reads every partition of a topic it rebuilds its state from). The pod name (Kubernetes sets
 * {@code HOSTNAME} to it; else this host's name) and six random hex digits, so two processes on one host (the
 * sandbox runs several) never share a group: {@code kafkarpenter-provisioner-7d9f8-x2x4q-3f2a1c}. The groups are
 * named {@code <stable prefix>${kk.instance}}, which a PREFIXED group ACL on the stable prefix covers.
 *
 * <p>A low ordinal: {@code KK_INSTANCE} or {@code kk.instance} in application.properties wins. Registered through
 * {@code META-INF/services}, so every Quarkus service depending on service-support has it at run time.
 */
public final class InstanceConfigSource implements ConfigSource {

    public static final String PROPERTY = "kk.instance";
    static final int ORDINAL = 50;

    private final String instance;

    public InstanceConfigSource() {
        this(System.getenv("HOSTNAME"));
    }

    InstanceConfigSource(String hostnameEnv) {
        this.instance = instance(hostnameEnv, new SecureRandom());
    }

    static String instance(String hostnameEnv, java.util.Random random) {
        String host = hostnameEnv == null || hostnameEnv.isBlank() ? localHostName() : hostnameEnv;
        byte[] suffix = new byte[3];
        random.nextBytes(suffix);
        return sanitized(host) + "-" + HexFormat.of().formatHex(suffix);
    }

    /** Keeps what a group id, a metric label and a log line take without quoting: letters, digits, '.', '_', '-'. */
    static String sanitized(String host) {
        String cleaned = host.trim().replaceAll("[^A-Za-z0-9._-]", "-");
        return cleaned.isEmpty() ? "local" : cleaned;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException | RuntimeException e) {
            return "local";
        }
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(PROPERTY, instance);
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(PROPERTY);
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTY.equals(propertyName) ? instance : null;
    }

    @Override
    public String getName() {
        return "kk-instance";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
