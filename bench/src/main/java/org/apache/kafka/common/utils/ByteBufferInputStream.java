package org.apache.kafka.common.utils;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Compatibility shim for the Parallel Consumer baseline only: an {@link InputStream} over the remaining
 * bytes of a {@link ByteBuffer}, consuming them, under the name kafka-clients 3.x gave it. Parallel
 * Consumer 0.5.3.3 decompresses the offset maps it stored in commit metadata through this type, which
 * kafka-clients 4.x moved to {@code org.apache.kafka.common.utils.internals}; see {@link CloseableIterator}.
 */
public final class ByteBufferInputStream extends InputStream {
    private final ByteBuffer buffer;

    public ByteBufferInputStream(ByteBuffer buffer) {
        this.buffer = buffer;
    }

    @Override
    public int read() {
        return buffer.hasRemaining() ? buffer.get() & 0xFF : -1;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) {
            return 0;
        }
        if (!buffer.hasRemaining()) {
            return -1;
        }
        int count = Math.min(length, buffer.remaining());
        buffer.get(bytes, offset, count);
        return count;
    }

    @Override
    public int available() {
        return buffer.remaining();
    }
}
