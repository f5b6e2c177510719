package io.kafkarpenter.service.kube;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.kafkarpenter.model.events.EventJson;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;

/**
 * Interns the string values the Kubernetes client reads ({@link EventJson#internedStrings()}), in every service. Its
 * informers hold each NodeClaim with the instance types its requirement allows (up to 60 names), its labels and
 * conditions: at 4,000 NodeClaims (bin/kk bench scale) that was ~500,000 strings and ~45 MB of the launcher's 128 MiB
 * heap, nearly all of them copies of a few hundred values.
 */
@Singleton
public class InternedKubeStrings implements KubernetesClientObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(EventJson.internedStrings());
    }
}
