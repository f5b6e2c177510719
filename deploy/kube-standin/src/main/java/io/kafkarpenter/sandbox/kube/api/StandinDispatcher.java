package io.kafkarpenter.sandbox.kube.api;

import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.internal.MockDispatcher;
import io.fabric8.mockwebserver.internal.SimpleRequest;

import java.util.Map;
import java.util.Queue;

/**
 * fabric8's {@code KubernetesMixedDispatcher} with the {@link IndexedCrudDispatcher} as its CRUD part: a request the
 * mock server has an expectation for (its {@code /} and {@code /version}) gets that answer, everything else goes to
 * CRUD. (The mixed dispatcher creates its CRUD dispatcher itself, so it cannot be given another one.)
 */
public final class StandinDispatcher extends Dispatcher implements Resetable, CustomResourceAware {

    private final Map<ServerRequest, Queue<ServerResponse>> expectations;
    private final MockDispatcher expected;
    private final IndexedCrudDispatcher crud = new IndexedCrudDispatcher();

    public StandinDispatcher(Map<ServerRequest, Queue<ServerResponse>> expectations) {
        this.expectations = expectations;
        this.expected = new MockDispatcher(expectations);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Queue<ServerResponse> answers = expectations.get(
                new SimpleRequest(HttpMethod.valueOf(request.getMethod()), request.getPath()));
        if (answers != null && !answers.isEmpty()) {
            return expected.dispatch(request);
        }
        return crud.dispatch(request);
    }

    @Override
    public void reset() {
        crud.reset();
    }

    @Override
    public void expectCustomResource(CustomResourceDefinitionContext context) {
        crud.expectCustomResource(context);
    }
}
