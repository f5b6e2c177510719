package io.kafkarpenter.sandbox.ec2;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Map;
import java.util.function.Consumer;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes an EC2 Query-protocol response with StAX: {@code <ActionResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
 * <requestId>..</requestId> ... </ActionResponse>}. Element names are EC2's lowerCamelCase wire names; list entries are
 * {@code <item>}. Null values are left out, as EC2 leaves out absent fields. Also writes IAM's documents
 * ({@link #forIam}, {@link #iamError}; PascalCase names, {@code <member>} entries).
 */
final class XmlResponse {
    static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    static final String IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";
    private static final XMLOutputFactory FACTORY = XMLOutputFactory.newFactory();

    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(4096);
    private final XMLStreamWriter xml;

    private XmlResponse(String root, String requestId, String namespace) {
        try {
            xml = FACTORY.createXMLStreamWriter(buffer, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement(root);
            if (namespace != null) {
                xml.writeDefaultNamespace(namespace);
            }
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        if (requestId != null) {
            text("requestId", requestId);
        }
    }

    static XmlResponse forAction(String action, String requestId) {
        return new XmlResponse(action + "Response", requestId, NAMESPACE);
    }

    /** IAM's {@code <ActionResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">}; the caller writes the rest. */
    static XmlResponse forIam(String action) {
        return new XmlResponse(action + "Response", null, IAM_NAMESPACE);
    }

    /** IAM's error document: {@code <ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}. */
    static byte[] iamError(int status, String code, String message, String requestId) {
        XmlResponse r = new XmlResponse("ErrorResponse", null, IAM_NAMESPACE);
        r.start("Error").text("Type", status >= 500 ? "Receiver" : "Sender").text("Code", code).text("Message", message).end();
        r.text("RequestId", requestId);
        return r.finish();
    }

    /** EC2's error document: {@code <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>}. */
    static byte[] error(String code, String message, String requestId) {
        XmlResponse r = new XmlResponse("Response", null, null);
        r.start("Errors").start("Error").text("Code", code).text("Message", message).end().end();
        r.text("RequestID", requestId);
        return r.finish();
    }

    XmlResponse start(String element) {
        try {
            xml.writeStartElement(element);
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    XmlResponse end() {
        try {
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** {@code <element>value</element>}, or nothing when value is null. Instants are ISO-8601 in UTC, as EC2 sends them. */
    XmlResponse text(String element, Object value) {
        if (value == null) {
            return this;
        }
        String s = value instanceof Instant instant
                ? DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS))
                : String.valueOf(value);
        try {
            xml.writeStartElement(element);
            xml.writeCharacters(s);
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return this;
    }

    /** {@code <element><item>..</item>...</element>}, each item written by {@code writeItem}. */
    <T> XmlResponse items(String element, Collection<T> items, Consumer<T> writeItem) {
        return entries(element, "item", items, writeItem);
    }

    /** {@code <element><member>..</member>...</element>}: IAM's lists. */
    <T> XmlResponse members(String element, Collection<T> items, Consumer<T> writeItem) {
        return entries(element, "member", items, writeItem);
    }

    private <T> XmlResponse entries(String element, String entry, Collection<T> items, Consumer<T> writeItem) {
        start(element);
        for (T item : items) {
            start(entry);
            writeItem.accept(item);
            end();
        }
        return end();
    }

    /** {@code <element><item>value</item>...</element>} for plain values. */
    XmlResponse values(String element, Collection<?> values) {
        start(element);
        for (Object v : values) {
            text("item", v);
        }
        return end();
    }

    /** {@code <tagSet><item><key/><value/></item>...</tagSet>}. */
    XmlResponse tagSet(String element, Map<String, String> tags) {
        return items(element, tags.entrySet(), e -> text("key", e.getKey()).text("value", e.getValue()));
    }

    byte[] finish() {
        try {
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException(e);
        }
        return buffer.toByteArray();
    }
}
