package io.kafkarpenter.sandbox.kube.rbac;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class RequestAttributesTest {

    @ParameterizedTest(name = "{0} {1} -> {2} {3}/{4}/{5} ns={6} name={7}")
    @CsvSource(delimiter = '|', textBlock = """
            # method | target                                                                  | verb             | group                | resource    | sub      | ns          | name
            GET    | /api/v1/namespaces/default/pods/web-0                                      | get              |                      | pods        |          | default     | web-0
            HEAD   | /api/v1/namespaces/default/pods/web-0                                      | get              |                      | pods        |          | default     | web-0
            GET    | /api/v1/namespaces/default/pods                                            | list             |                      | pods        |          | default     |
            GET    | /api/v1/pods?labelSelector=app%3Dweb                                       | list             |                      | pods        |          |             |
            GET    | /api/v1/namespaces/default/pods?watch=true&resourceVersion=10              | watch            |                      | pods        |          | default     |
            GET    | /api/v1/pods?allowWatchBookmarks=true&watch=1                              | watch            |                      | pods        |          |             |
            GET    | /api/v1/pods?watch=false                                                   | list             |                      | pods        |          |             |
            GET    | /api/v1/watch/namespaces/default/pods                                      | watch            |                      | pods        |          | default     |
            GET    | /api/v1/watch/namespaces/default/pods/web-0                                | watch            |                      | pods        |          | default     | web-0
            GET    | /api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dweb-0        | list             |                      | pods        |          | default     | web-0
            GET    | /api/v1/pods?fieldSelector=spec.nodeName%3Dn1%2Cmetadata.name%3D%3Dweb-0&watch=true | watch   |                      | pods        |          |             | web-0
            GET    | /api/v1/pods?fieldSelector=metadata.name%21%3Dweb-0                        | list             |                      | pods        |          |             |
            POST   | /api/v1/namespaces/default/pods                                            | create           |                      | pods        |          | default     |
            PUT    | /api/v1/namespaces/default/pods/web-0                                      | update           |                      | pods        |          | default     | web-0
            PATCH  | /api/v1/namespaces/default/pods/web-0                                      | patch            |                      | pods        |          | default     | web-0
            DELETE | /api/v1/namespaces/default/pods/web-0                                      | delete           |                      | pods        |          | default     | web-0
            DELETE | /api/v1/namespaces/default/pods?labelSelector=app%3Dweb                    | deletecollection |                      | pods        |          | default     |
            POST   | /api/v1/namespaces/default/pods/web-0/eviction                             | create           |                      | pods        | eviction | default     | web-0
            POST   | /api/v1/namespaces/default/pods/web-0/binding                              | create           |                      | pods        | binding  | default     | web-0
            POST   | /api/v1/namespaces/default/bindings                                        | create           |                      | bindings    |          | default     |
            PUT    | /api/v1/namespaces/default/pods/web-0/status                               | update           |                      | pods        | status   | default     | web-0
            GET    | /api/v1/nodes/ip-10-0-0-1.ec2.internal                                     | get              |                      | nodes       |          |             | ip-10-0-0-1.ec2.internal
            PATCH  | /api/v1/nodes/n1/status                                                    | patch            |                      | nodes       | status   |             | n1
            GET    | /api/v1/namespaces                                                         | list             |                      | namespaces  |          |             |
            GET    | /api/v1/namespaces/kube-system                                             | get              |                      | namespaces  |          | kube-system | kube-system
            PUT    | /api/v1/namespaces/kube-system/finalize                                    | update           |                      | namespaces  | finalize | kube-system | kube-system
            GET    | /apis/karpenter.sh/v1/nodepools/default                                    | get              | karpenter.sh         | nodepools   |          |             | default
            PUT    | /apis/karpenter.sh/v1/nodeclaims/default-x7k2p/status                      | update           | karpenter.sh         | nodeclaims  | status   |             | default-x7k2p
            GET    | /apis/karpenter.sh/v1/watch/nodeclaims                                     | watch            | karpenter.sh         | nodeclaims  |          |             |
            PUT    | /apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kk-pod-watcher  | update           | coordination.k8s.io  | leases      |          | kube-system | kk-pod-watcher
            POST   | /apis/coordination.k8s.io/v1/namespaces/kube-system/leases                 | create           | coordination.k8s.io  | leases      |          | kube-system |
            DELETE | /apis/karpenter.k8s.aws/v1/ec2nodeclasses                                  | deletecollection | karpenter.k8s.aws    | ec2nodeclasses |       |             |
            GET    | /api/v1/namespaces/default/configmaps/a%3Ab                                | get              |                      | configmaps  |          | default     | a:b
            """)
    void parsesResourceRequestsLikeTheApiServer(String method, String target, String verb, String group,
            String resource, String subresource, String namespace, String name) {
        RequestAttributes attributes = RequestAttributes.parse(method, target);

        assertThat(attributes.resourceRequest()).isTrue();
        assertThat(attributes.verb()).isEqualTo(verb);
        assertThat(attributes.apiGroup()).isEqualTo(orEmpty(group));
        assertThat(attributes.resource()).isEqualTo(resource);
        assertThat(attributes.subresource()).isEqualTo(orEmpty(subresource));
        assertThat(attributes.namespace()).isEqualTo(orEmpty(namespace));
        assertThat(attributes.name()).isEqualTo(orEmpty(name));
    }

    /** An empty CSV column arrives as null. */
    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    @ParameterizedTest(name = "{0} {1} -> non-resource {2} {3}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /version                       | get  | /version
            GET    | /version/                      | get  | /version
            GET    | /api                           | get  | /api
            GET    | /api/v1                        | get  | /api/v1
            GET    | /apis                          | get  | /apis
            GET    | /apis/karpenter.sh             | get  | /apis/karpenter.sh
            GET    | /apis/karpenter.sh/v1          | get  | /apis/karpenter.sh/v1
            GET    | /openapi/v2?timeout=32s        | get  | /openapi/v2
            POST   | /metrics                       | post | /metrics
            GET    | /                              | get  | /
            GET    | /api/v1/watch                  | get  | /api/v1/watch
            """)
    void otherPathsAreNonResourceRequests(String method, String target, String verb, String path) {
        RequestAttributes attributes = RequestAttributes.parse(method, target);

        assertThat(attributes.resourceRequest()).isFalse();
        assertThat(attributes.verb()).isEqualTo(verb);
        assertThat(attributes.path()).isEqualTo(path);
    }

    @org.junit.jupiter.api.Test
    void combinesResourceAndSubresourceAsRulesNameThem() {
        assertThat(RequestAttributes.parse("POST", "/api/v1/namespaces/d/pods/p/eviction").combinedResource())
                .isEqualTo("pods/eviction");
        assertThat(RequestAttributes.parse("GET", "/api/v1/namespaces/d/pods/p").combinedResource()).isEqualTo("pods");
    }
}
