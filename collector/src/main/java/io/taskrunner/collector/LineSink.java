package io.taskrunner.collector;

import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import java.io.PrintWriter;
import java.io.Writer;

/** Writes each result as one line in a {@link ResultFormat}, flushed at once so results show as they come. */
public final class LineSink implements ResultSink, AutoCloseable {
    private final PrintWriter out;
    private final ResultFormat format;
    private final ProtocolCodec codec;
    private final String prefix;

    /** @param prefix put before every line, e.g. {@code "[run-1] "} when several runs share one stream */
    public LineSink(Writer out, ResultFormat format, ProtocolCodec codec, String prefix) {
        this.out = new PrintWriter(out);
        this.format = format;
        this.codec = codec;
        this.prefix = prefix;
    }

    @Override
    public void accept(ResultMessage result) {
        out.println(prefix + format.format(result, codec));
        out.flush();
        if (out.checkError()) {
            throw new IllegalStateException("cannot write results output");
        }
    }

    @Override
    public void close() {
        out.close();
    }
}
