package io.kafkarpenter.testing.kube;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test field that {@link KubeStandinResource} fills: a {@code KubernetesClient} with the cluster admin's
 * identity (for fixtures and assertions: never the service's own client), or the {@code KubeStandin} itself (for
 * canned faults through {@code expect()}).
 *
 * <pre>{@code
 * @KubeAdmin
 * KubernetesClient client;
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface KubeAdmin {
}
