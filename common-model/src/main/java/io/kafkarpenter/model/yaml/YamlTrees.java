package io.kafkarpenter.model.yaml;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way the project reads YAML into Jackson trees: anchors ({@code &name}), aliases ({@code *name}) and merge
 * keys ({@code <<: *base}, {@code <<: [*a, *b]}) are resolved as YAML defines them, scalars are typed exactly as
 * Jackson's YAML parser types them. Jackson's parser alone hands an alias over as the string {@code name}; this
 * reader replaces it with a copy of the anchored node.
 *
 * <p>Alias bombs ("billion laughs": anchors that alias anchors that alias anchors...) are refused: the nodes that
 * alias expansion adds to a document may not exceed {@link #MIN_EXPANSION} or {@link #EXPANSION_FACTOR} times the
 * nodes written in the document, whichever is larger. The document size bound is SnakeYAML's code-point limit
 * ({@link #DEFAULT_CODE_POINT_LIMIT} unless a caller raises it).
 *
 * <pre>{@code
 * JsonNode tree = YamlTrees.DEFAULT.read(text);
 * List<JsonNode> documents = YamlTrees.withCodePointLimit(64 << 20).readAll(reader);
 * }</pre>
 */
public final class YamlTrees {

    /** SnakeYAML's default document bound (3 MiB of code points). */
    public static final int DEFAULT_CODE_POINT_LIMIT = new LoaderOptions().getCodePointLimit();
    /** Alias expansion may always add this many nodes... */
    public static final long MIN_EXPANSION = 100_000;
    /** ...or this many times the nodes written in the document, if more. */
    public static final long EXPANSION_FACTOR = 10;

    /** The reader with SnakeYAML's default code-point limit. */
    public static final YamlTrees DEFAULT = withCodePointLimit(DEFAULT_CODE_POINT_LIMIT);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String MERGE_KEY = "<<";

    private final YAMLFactory factory;

    private YamlTrees(YAMLFactory factory) {
        this.factory = factory;
    }

    /** A reader accepting documents of up to {@code codePoints} code points. */
    public static YamlTrees withCodePointLimit(int codePoints) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(codePoints);
        // YAMLFactory.builder() leaves EMPTY_STRING_AS_NULL off while new YAMLFactory() has it on: an empty value is null
        return new YamlTrees(new AnchoredFactory(YAMLFactory.builder().loaderOptions(options)
                .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)));
    }

    /** The factory behind this reader (for writers and for {@code ObjectMapper}s that convert trees). */
    public YAMLFactory factory() {
        return factory;
    }

    /** The first document of {@code yaml} (a {@code MissingNode} when there is none). */
    public JsonNode read(String yaml) throws IOException {
        return read(new StringReader(yaml));
    }

    /** The first document read from {@code in} (a {@code MissingNode} when there is none). */
    public JsonNode read(Reader in) throws IOException {
        try (JsonParser parser = factory.createParser(in)) {
            return new Document(parser).next();
        }
    }

    /** The first document read from {@code in} (UTF-8). */
    public JsonNode read(InputStream in) throws IOException {
        return read(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** Every document of {@code yaml}, in order ({@code ---} separated; an empty document is a {@code NullNode}). */
    public List<JsonNode> readAll(String yaml) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (Documents documents = documents(yaml)) {
            for (JsonNode node = documents.next(); !node.isMissingNode(); node = documents.next()) {
                out.add(node);
            }
        }
        return out;
    }

    /** The documents of {@code yaml} one at a time, so that a caller can tell which one is broken. */
    public Documents documents(String yaml) throws IOException {
        return new Documents(factory.createParser(new StringReader(yaml)));
    }

    /** Documents read one by one; {@link #next()} is a {@code MissingNode} after the last. */
    public static final class Documents implements java.io.Closeable {
        private final JsonParser parser;
        private final Document document;

        private Documents(JsonParser parser) {
            this.parser = parser;
            this.document = new Document(parser);
        }

        /** The next document, or a {@code MissingNode} at the end. */
        public JsonNode next() throws IOException {
            return document.next();
        }

        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    /** Reads one document at a time from a parser positioned before it; anchors are per document. */
    private static final class Document {
        private final JsonParser parser;
        private final Map<String, JsonNode> anchors = new HashMap<>();
        private final Map<JsonNode, Long> sizes = new java.util.IdentityHashMap<>();
        private long written;
        private long expanded;

        Document(JsonParser parser) {
            this.parser = parser;
        }

        JsonNode next() throws IOException {
            anchors.clear();
            sizes.clear();
            written = 0;
            expanded = 0;
            JsonToken token = parser.nextToken();
            if (token == null) {
                return NODES.missingNode();
            }
            return value(token);
        }

        private JsonNode value(JsonToken token) throws IOException {
            if (token == null) {
                throw new JsonParseException(parser, "unexpected end of the YAML document");
            }
            if (token == JsonToken.VALUE_STRING && parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                return alias(parser.getText());
            }
            String anchor = parser instanceof AnchoredParser anchored ? anchored.anchor(token)
                    : parser instanceof YAMLParser yaml ? yaml.getCurrentAnchor() : null;
            JsonNode node = switch (token) {
                case START_OBJECT -> mapping();
                case START_ARRAY -> sequence();
                case VALUE_STRING -> NODES.textNode(parser.getText());
                case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                    case INT -> NODES.numberNode(parser.getIntValue());
                    case LONG -> NODES.numberNode(parser.getLongValue());
                    default -> NODES.numberNode(parser.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
                case VALUE_TRUE -> NODES.booleanNode(true);
                case VALUE_FALSE -> NODES.booleanNode(false);
                case VALUE_NULL -> NODES.nullNode();
                case VALUE_EMBEDDED_OBJECT -> parser.getEmbeddedObject() instanceof byte[] bytes
                        ? NODES.binaryNode(bytes) : NODES.pojoNode(parser.getEmbeddedObject());
                default -> throw new JsonParseException(parser, "unexpected YAML token " + token);
            };
            written++;
            if (anchor != null) {
                anchors.put(anchor, node);
            }
            return node;
        }

        private JsonNode alias(String name) throws IOException {
            JsonNode target = anchors.get(name);
            if (target == null) {
                throw new JsonParseException(parser, "alias *" + name + " names no anchor defined before it"
                        + " (&" + name + ")");
            }
            long size = size(target);
            expanded += size;
            long allowed = Math.max(MIN_EXPANSION, EXPANSION_FACTOR * written);
            if (expanded > allowed) {
                throw new JsonParseException(parser, "YAML aliases expand to more than " + allowed
                        + " nodes (an alias bomb?): refused at alias *" + name);
            }
            return target.isContainerNode() ? target.deepCopy() : target;
        }

        private long size(JsonNode node) {
            if (!node.isContainerNode()) {
                return 1;
            }
            Long known = sizes.get(node);
            if (known != null) {
                return known;
            }
            long n = 1;
            for (JsonNode child : node) {
                n += size(child);
            }
            sizes.put(node, n);
            return n;
        }

        private ObjectNode mapping() throws IOException {
            ObjectNode explicit = NODES.objectNode();
            List<ObjectNode> merged = new ArrayList<>();
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                if (t != JsonToken.FIELD_NAME) {
                    throw new JsonParseException(parser, "expected a mapping key, got " + t);
                }
                String key = parser.currentName();
                JsonNode v = value(parser.nextToken());
                if (MERGE_KEY.equals(key)) {
                    merged.addAll(mergeSources(v));
                } else {
                    explicit.set(key, v);
                }
            }
            if (merged.isEmpty()) {
                return explicit;
            }
            // explicit keys win over merged ones; among merged mappings the first one naming a key wins
            ObjectNode out = NODES.objectNode();
            for (ObjectNode source : merged) {
                source.fields().forEachRemaining(e -> {
                    if (!out.has(e.getKey())) {
                        out.set(e.getKey(), e.getValue());
                    }
                });
            }
            out.setAll(explicit);
            return out;
        }

        private List<ObjectNode> mergeSources(JsonNode v) throws IOException {
            List<ObjectNode> out = new ArrayList<>();
            if (v instanceof ObjectNode o) {
                out.add(o);
                return out;
            }
            if (v.isArray()) {
                for (JsonNode item : v) {
                    if (!(item instanceof ObjectNode o)) {
                        throw new JsonParseException(parser, "a merge key (<<) takes a mapping or a sequence of"
                                + " mappings, got a sequence holding " + item.getNodeType());
                    }
                    out.add(o);
                }
                return out;
            }
            throw new JsonParseException(parser, "a merge key (<<) takes a mapping or a sequence of mappings, got "
                    + v.getNodeType());
        }

        private ArrayNode sequence() throws IOException {
            ArrayNode out = NODES.arrayNode();
            for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                out.add(value(t));
            }
            return out;
        }
    }

    /** Jackson's YAML parser drops the anchors of scalars ({@code zone: &zone us-east-1a}); this one keeps them. */
    private static final class AnchoredParser extends YAMLParser {
        private String scalarAnchor;

        AnchoredParser(IOContext context, int features, int yamlFeatures, LoaderOptions options, ObjectCodec codec,
                Reader reader) {
            super(context, features, yamlFeatures, options, codec, reader);
        }

        @Override
        protected Event getEvent() throws IOException {
            Event event = super.getEvent();
            scalarAnchor = event instanceof ScalarEvent scalar ? scalar.getAnchor() : null;
            return event;
        }

        String anchor(JsonToken token) {
            return token.isScalarValue() ? scalarAnchor : getCurrentAnchor();
        }
    }

    /** Creates {@link AnchoredParser}s (readers only: YamlTrees reads through a {@link Reader}). */
    private static final class AnchoredFactory extends YAMLFactory {
        AnchoredFactory(com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder builder) {
            super(builder);
        }

        @Override
        protected YAMLParser _createParser(Reader reader, IOContext context) {
            return new AnchoredParser(context, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec,
                    reader);
        }
    }
}
