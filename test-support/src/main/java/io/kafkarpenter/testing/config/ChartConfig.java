package io.kafkarpenter.testing.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kafkarpenter.chart.HelmChart;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * A service's configuration as the chart deploys it: the container environment of its Deployment ({@code helm
 * template} of deploy/helm/kafkarpenter with the given values) read over the service's own
 * {@code application.properties} by SmallRye Config, the way Quarkus reads them in the pod. Proves a chart value
 * reaches the setting it names, not only an environment variable.
 */
public final class ChartConfig {

    private ChartConfig() {
    }

    /** The literal environment variables of {@code service}'s container ({@code valueFrom} ones are left out). */
    public static Map<String, String> env(String service, Map<String, String> values) {
        Deployment deployment = HelmChart.template(values).named(Deployment.class, HelmChart.RELEASE + "-" + service);
        if (deployment == null) {
            throw new IllegalArgumentException("the chart renders no Deployment for service " + service);
        }
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvVar var : container.getEnv()) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            }
        }
        return env;
    }

    /**
     * SmallRye Config over {@code service}'s environment in the chart and the {@code application.properties} on the
     * caller's classpath, with the given {@code @ConfigMapping} interfaces registered (their defaults apply).
     */
    public static SmallRyeConfig of(String service, Map<String, String> values, Class<?>... mappings) {
        URL properties = Thread.currentThread().getContextClassLoader().getResource("application.properties");
        if (properties == null) {
            throw new IllegalStateException("no application.properties on the classpath");
        }
        try {
            SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder().addDefaultInterceptors() // ${AWS_REGION:us-east-1}
                .withSources(new EnvConfigSource(env(service, values), EnvConfigSource.ORDINAL))
                .withSources(new PropertiesConfigSource(properties, 250))
                .withConverter(Duration.class, 200, new DurationConverter());   // Quarkus' "5s", "2m"
            for (Class<?> mapping : mappings) {
                builder.withMapping(mapping);
            }
            return builder.build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
