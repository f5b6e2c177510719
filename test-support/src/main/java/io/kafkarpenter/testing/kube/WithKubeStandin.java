package io.kafkarpenter.testing.kube;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Runs the annotated {@code @QuarkusTest} class against its own Kubernetes stand-in ({@link KubeStandinResource}):
 * the service's client points at it, the test gets an admin client through {@link KubeAdmin}.
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithKubeStandin(service = "launcher")
 * class LauncherIT {
 *     @KubeAdmin
 *     KubernetesClient client;
 * }
 * }</pre>
 *
 * Each annotated class gets a fresh stand-in (and so a restart of the app), as Quarkus' own
 * {@code @WithKubernetesTestServer} did.
 */
@WithTestResource(value = KubeStandinResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface WithKubeStandin {

    /** The service under test: {@code pod-watcher}, {@code provisioner}, {@code launcher}, {@code consolidator} or {@code tag-reconciler}. */
    String service();
}
