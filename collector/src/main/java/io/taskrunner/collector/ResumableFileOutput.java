package io.taskrunner.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.taskrunner.core.protocol.ProtocolCodec;
import io.taskrunner.core.protocol.ResultMessage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * {@code --output FILE} that survives a crash of the collector. Beside the file lives {@code FILE.checkpoint}:
 * the run, the last results-partition offset whose output is in the file, and the file's length at that
 * moment, written together atomically (write then rename) after each batch. On a restart the file is cut
 * back to the checkpointed length, dropping anything written after it, and the collector replays the
 * partition up to the checkpointed offset without writing; so the file ends complete, in order, and with
 * no line twice, however often the collector is killed.
 */
public final class ResumableFileOutput implements ResultSink, CollectorCheckpoint, AutoCloseable {
    private final FileChannel channel;
    private final Path checkpointFile;
    private final String run;
    private final ResultFormat format;
    private final ProtocolCodec codec;
    private final long resumeAfter;
    /** Lines go to the file as they come (memory stays bounded); a restart cuts back what no checkpoint covers. */
    private final OutputStream out;
    private final ObjectMapper mapper = new ObjectMapper();

    private ResumableFileOutput(FileChannel channel, Path checkpointFile, String run, ResultFormat format,
                                ProtocolCodec codec, long resumeAfter) {
        this.channel = channel;
        this.checkpointFile = checkpointFile;
        this.run = run;
        this.format = format;
        this.codec = codec;
        this.resumeAfter = resumeAfter;
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
    }

    /**
     * Opens {@code file} for run {@code run}: resumes it when its checkpoint is for that run, starts it
     * afresh when there is no checkpoint.
     *
     * @throws IllegalArgumentException naming {@code --output} when the file's checkpoint is another run's, or
     *                                  records more output than the file holds (the file was cut or removed;
     *                                  resuming would leave a hole where those results were)
     */
    public static ResumableFileOutput open(Path file, String run, ResultFormat format, ProtocolCodec codec) {
        Path checkpoint = file.resolveSibling(file.getFileName() + ".checkpoint");
        try {
            if (Files.exists(checkpoint)) {
                JsonNode saved = new ObjectMapper().readTree(checkpoint.toFile());
                if (!run.equals(saved.path("run").asText())) {
                    throw new IllegalArgumentException("--output " + file + " holds results of run "
                            + saved.path("run").asText() + "; use another file for run " + run);
                }
                long length = saved.path("length").asLong();
                boolean exists = Files.exists(file);
                long actual = exists ? Files.size(file) : 0;
                if (actual < length) {
                    throw new IllegalArgumentException("--output " + file + (exists ? " has " + actual + " bytes"
                            : " is missing") + " but its checkpoint " + checkpoint + " records " + length
                            + " bytes of run " + run + " written: the file was changed since. Restore it, or delete "
                            + checkpoint + " to write the run's output afresh");
                }
                FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                channel.truncate(length);
                channel.position(length);
                return new ResumableFileOutput(channel, checkpoint, run, format, codec, saved.path("offset").asLong());
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            return new ResumableFileOutput(channel, checkpoint, run, format, codec, -1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open --output " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void accept(ResultMessage result) {
        try {
            out.write((format.format(result, codec) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write --output: " + e.getMessage(), e);
        }
    }

    @Override
    public long resumeAfterOffset() {
        return resumeAfter;
    }

    @Override
    public void save(long lastOffset) {
        try {
            out.flush();
            Path temporary = checkpointFile.resolveSibling(checkpointFile.getFileName() + ".tmp");
            Files.writeString(temporary, mapper.createObjectNode().put("run", run).put("offset", lastOffset)
                    .put("length", channel.position()).toString());
            Files.move(temporary, checkpointFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write --output or its checkpoint: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            out.flush();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
