package io.taskrunner.collector;

import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Writes each result as one line in a {@link ResultFormat}. The lines of a batch are written together, at
 * {@link #flush} or every {@value #WRITE_AT} characters, and always as whole lines: not one system call a
 * line (a writer such as picocli's stdout flushes at every line), and several sinks on one stream (one per
 * run when following every run) never cut into each other's lines.
 */
public final class LineSink implements ResultSink, AutoCloseable {
    static final int WRITE_AT = 64 * 1024;

    private final Writer out;
    private final ResultFormat format;
    private final ProtocolCodec codec;
    private final String prefix;
    private final StringBuilder pending = new StringBuilder();

    /** @param prefix put before every line, e.g. {@code "[run-1] "} when several runs share one stream */
    public LineSink(Writer out, ResultFormat format, ProtocolCodec codec, String prefix) {
        this.out = out;
        this.format = format;
        this.codec = codec;
        this.prefix = prefix;
    }

    @Override
    public void accept(ResultMessage result) {
        pending.append(prefix).append(format.format(result, codec)).append(System.lineSeparator());
        if (pending.length() >= WRITE_AT) {
            write();
        }
    }

    @Override
    public void flush() {
        write();
        try {
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write results output: " + e.getMessage(), e);
        }
        if (out instanceof PrintWriter printer && printer.checkError()) {
            throw new IllegalStateException("cannot write results output");
        }
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            try {
                out.close();
            } catch (IOException e) {
                throw new IllegalStateException("cannot close results output: " + e.getMessage(), e);
            }
        }
    }

    private void write() {
        if (pending.isEmpty()) {
            return;
        }
        try {
            out.write(pending.toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write results output: " + e.getMessage(), e);
        }
        pending.setLength(0);
    }
}
