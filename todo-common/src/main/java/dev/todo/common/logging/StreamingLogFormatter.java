package dev.todo.common.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.event.KeyValuePair;
import org.springframework.boot.json.WritableJson;
import org.springframework.boot.logging.StackTracePrinter;
import org.springframework.boot.logging.structured.StructuredLogFormatter;
import org.springframework.util.ObjectUtils;

/**
 * The platform's log line written with Jackson's streaming generator straight into a per-thread byte buffer: the
 * only allocation of a line is the byte[] handed to the appender (plus the text of values that are not strings,
 * such as a UUID's, and the timestamp's: {@code Instant.toString()}, as Boot writes it). Output is byte-identical to {@link JsonWriterLogFormatter}, values included: numbers and
 * booleans bare (any other {@link Number} as its {@code toString()}, as Boot does), iterables, arrays and maps as
 * JSON arrays and objects, anything else as the string of its {@code toString()}. One difference: a character
 * outside the BMP (an emoji) is written as its two escaped surrogates, the same JSON string; Boot writes its UTF-8
 * bytes. Jackson 2.19's {@code COMBINE_UNICODE_SURROGATES_IN_UTF8} would match Boot, but it pairs a lone high
 * surrogate (a string cut in the middle of an emoji) with whatever character follows, corrupting both; escaped,
 * a lone surrogate survives (Boot turns it into {@code ?}).
 * <p>
 * Logback encodes on the logging thread, concurrently, outside the appender's lock, hence one buffer per thread;
 * a buffer grown past {@link #RETAINED_BUFFER_LIMIT} by a huge line is given up after that line.
 */
final class StreamingLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

    static final int RETAINED_BUFFER_LIMIT = 64 * 1024;

    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .characterEscapes(BootJsonEscapes.INSTANCE)
            .rootValueSeparator((String) null)
            // the generator lives as long as its thread: it must not hold a buffer of Jackson's shared pool
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool())
            .build();
    private static final ThreadLocal<LineBuffer> LINES = ThreadLocal.withInitial(LineBuffer::new);

    private static final SerializableString TIMESTAMP = new SerializedString("timestamp");
    private static final SerializableString LEVEL = new SerializedString("level");
    private static final SerializableString LOGGER = new SerializedString("logger");
    private static final SerializableString THREAD = new SerializedString("thread");
    private static final SerializableString MESSAGE = new SerializedString("message");
    private static final SerializableString SERVICE = new SerializedString("service");
    private static final SerializableString EXCEPTION = new SerializedString("exception");
    private static final SerializableString STACK_TRACE = new SerializedString("stack_trace");

    private final String service;
    private final StackTracePrinter stackTracePrinter;
    private final ThrowableProxyConverter throwableProxyConverter;

    StreamingLogFormatter(String service, StackTracePrinter stackTracePrinter,
                          ThrowableProxyConverter throwableProxyConverter) {
        this.service = service == null || service.isEmpty() ? null : service;
        this.stackTracePrinter = stackTracePrinter;
        this.throwableProxyConverter = throwableProxyConverter;
    }

    @Override
    public String format(ILoggingEvent event) {
        LineBuffer line = acquire();
        try {
            write(event, line);
            return line.toString(StandardCharsets.UTF_8);
        } finally {
            release(line);
        }
    }

    @Override
    public byte[] formatAsBytes(ILoggingEvent event, Charset charset) {
        if (!StandardCharsets.UTF_8.equals(charset)) {
            return format(event).getBytes(charset);
        }
        LineBuffer line = acquire();
        try {
            write(event, line);
            return line.toByteArray();
        } finally {
            release(line);
        }
    }

    /** The capacity of this thread's buffer between lines. */
    static int retainedBufferSize() {
        return LINES.get().capacity();
    }

    private static LineBuffer acquire() {
        LineBuffer line = LINES.get();
        // a value's toString() that logs on this thread while its line is being written gets a buffer of its own
        if (line.inUse) {
            return new LineBuffer();
        }
        line.inUse = true;
        return line;
    }

    private static void release(LineBuffer line) {
        if (line.failed) {
            // the generator may have stopped mid-object: start the thread over rather than continue from there
            if (LINES.get() == line) {
                LINES.remove();
            }
            return;
        }
        line.reset();
        line.inUse = false;
    }

    private void write(ILoggingEvent event, LineBuffer line) {
        JsonGenerator json = line.generator;
        try {
            json.writeStartObject();
            json.writeFieldName(TIMESTAMP);
            json.writeString(event.getInstant().toString());
            json.writeFieldName(LEVEL);
            json.writeString(event.getLevel().toString());
            json.writeFieldName(LOGGER);
            json.writeString(event.getLoggerName());
            json.writeFieldName(THREAD);
            json.writeString(event.getThreadName());
            json.writeFieldName(MESSAGE);
            json.writeString(event.getFormattedMessage());
            if (service != null) {
                json.writeFieldName(SERVICE);
                json.writeString(service);
            }
            writeFields(event, line.fields, json);
            IThrowableProxy throwable = event.getThrowableProxy();
            if (throwable != null) {
                json.writeFieldName(EXCEPTION);
                json.writeString(throwable.getClassName());
                json.writeFieldName(STACK_TRACE);
                json.writeString(JsonWriterLogFormatter.stackTrace(event, stackTracePrinter, throwableProxyConverter));
            }
            json.writeEndObject();
            json.writeRaw('\n');
            json.flush();
        } catch (IOException e) {
            line.failed = true;
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            line.failed = true;
            throw e;
        }
    }

    private static void writeFields(ILoggingEvent event, LogFields fields, JsonGenerator json) throws IOException {
        try {
            event.getMDCPropertyMap().forEach(fields);
            List<KeyValuePair> pairs = event.getKeyValuePairs();
            if (pairs != null) {
                for (int i = 0; i < pairs.size(); i++) {
                    KeyValuePair pair = pairs.get(i);
                    fields.put(pair.key, pair.value);
                }
            }
            for (int i = 0; i < fields.size(); i++) {
                json.writeFieldName(fields.name(i));
                writeValue(fields.value(i), json);
            }
        } finally {
            fields.clear();
        }
    }

    /** The value as Boot's {@code JsonValueWriter} writes it, in the same order of checks. */
    private static void writeValue(Object value, JsonGenerator json) throws IOException {
        if (value == null) {
            json.writeNull();
        } else if (value instanceof String text) {
            json.writeString(text);
        } else if (value instanceof WritableJson writable) {
            json.writeRawValue(writable.toJsonString());
        } else if (value instanceof Iterable<?> iterable && !(value instanceof Path)) {
            json.writeStartArray();
            for (Object element : iterable) {
                writeValue(element, json);
            }
            json.writeEndArray();
        } else if (ObjectUtils.isArray(value)) {
            json.writeStartArray();
            for (Object element : ObjectUtils.toObjectArray(value)) {
                writeValue(element, json);
            }
            json.writeEndArray();
        } else if (value instanceof Map<?, ?> map) {
            json.writeStartObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                json.writeFieldName(String.valueOf(entry.getKey()));
                writeValue(entry.getValue(), json);
            }
            json.writeEndObject();
        } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            json.writeNumber(((Number) value).longValue());
        } else if (value instanceof Number) {
            // verbatim, as Boot writes it (Double.NaN included)
            json.writeNumber(value.toString());
        } else if (value instanceof Boolean bool) {
            json.writeBoolean(bool);
        } else {
            json.writeString(value.toString());
        }
    }

    /** One thread's output buffer, with the generator writing into it and the scratch list of its fields. */
    private static final class LineBuffer extends java.io.ByteArrayOutputStream {

        private static final int INITIAL_SIZE = 1024;

        final JsonGenerator generator;
        final LogFields fields = new LogFields();
        boolean inUse;
        boolean failed;

        LineBuffer() {
            super(INITIAL_SIZE);
            try {
                generator = JSON.createGenerator(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int capacity() {
            return buf.length;
        }

        @Override
        public synchronized void reset() {
            super.reset();
            if (buf.length > RETAINED_BUFFER_LIMIT) {
                buf = new byte[INITIAL_SIZE];
            }
        }
    }
}
