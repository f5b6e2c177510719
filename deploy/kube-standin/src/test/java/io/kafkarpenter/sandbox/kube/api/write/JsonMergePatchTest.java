package io.kafkarpenter.sandbox.kube.api.write;

import org.junit.jupiter.api.Test;

import static io.kafkarpenter.sandbox.kube.api.write.Json.json;
import static org.assertj.core.api.Assertions.assertThat;

class JsonMergePatchTest {

    @Test
    void objectsMergeNullRemovesListsAndScalarsReplace() {
        assertThat(JsonMergePatch.apply(
                json("{'title': 'Goodbye!', 'author': {'givenName': 'John', 'familyName': 'Doe'}, 'tags': ['example', 'sample'], 'content': 'x'}"),
                json("{'title': 'Hello!', 'phoneNumber': '+01-123-456-7890', 'author': {'familyName': null}, 'tags': ['example']}")))
                .isEqualTo(json("{'title': 'Hello!', 'author': {'givenName': 'John'}, 'tags': ['example'], 'content': 'x',"
                        + " 'phoneNumber': '+01-123-456-7890'}"));
    }

    @Test
    void aNonObjectPatchReplacesTheTargetAndAnObjectPatchReplacesANonObject() {
        assertThat(JsonMergePatch.apply(json("{'a': 'b'}"), json("['c']"))).isEqualTo(json("['c']"));
        assertThat(JsonMergePatch.apply(json("{'a': ['b']}"), json("{'a': {'c': null, 'd': 1}}"))).isEqualTo(json("{'a': {'d': 1}}"));
    }
}
