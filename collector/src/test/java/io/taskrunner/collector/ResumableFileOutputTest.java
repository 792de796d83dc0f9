package io.taskrunner.collector;

import static io.taskrunner.collector.ResultFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.core.protocol.ProtocolCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumableFileOutputTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    @TempDir
    Path dir;

    @Test
    void aRestartCutsTheFileBackToTheLastCheckpointAndResumesAfterItsOffset() throws Exception {
        Path file = dir.resolve("out.txt");
        ResumableFileOutput first = ResumableFileOutput.open(file, "r", ResultFormat.TEXT, codec);
        assertThat(first.resumeAfterOffset()).isEqualTo(-1);
        first.accept(ok("r", 0));
        first.accept(ok("r", 1));
        first.save(41);
        first.accept(ok("r", 2));
        first.save(42);
        first.accept(ok("r", 3)); // written after the last checkpoint: lost with the crash below
        first.close();

        ResumableFileOutput second = ResumableFileOutput.open(file, "r", ResultFormat.TEXT, codec);

        assertThat(second.resumeAfterOffset()).isEqualTo(42);
        assertThat(Files.readAllLines(file)).containsExactly("Received: task 0 result (slept 1s)",
                "Received: task 1 result (slept 1s)", "Received: task 2 result (slept 1s)");
        second.accept(ok("r", 3));
        second.save(43);
        second.close();
        assertThat(Files.readAllLines(file)).hasSize(4).last().isEqualTo("Received: task 3 result (slept 1s)");
    }

    @Test
    void aFileOfAnotherRunIsNotResumed() {
        Path file = dir.resolve("out.jsonl");
        try (ResumableFileOutput output = ResumableFileOutput.open(file, "a", ResultFormat.JSONL, codec)) {
            output.save(1);
        }

        assertThatThrownBy(() -> ResumableFileOutput.open(file, "b", ResultFormat.JSONL, codec))
                .hasMessageContaining("holds results of run a; use another file for run b");
    }

    @Test
    void withoutACheckpointAnOldFileStartsAfresh() throws Exception {
        Path file = dir.resolve("old.txt");
        Files.writeString(file, "stale\n");

        try (ResumableFileOutput output = ResumableFileOutput.open(file, "r", ResultFormat.TEXT, codec)) {
            output.accept(ok("r", 0));
            output.save(0);
        }

        assertThat(Files.readAllLines(file)).containsExactly("Received: task 0 result (slept 1s)");
    }

    @Test
    void aFileShorterThanItsCheckpointIsNotResumed() throws Exception {
        Path file = dir.resolve("out.txt");
        try (ResumableFileOutput output = ResumableFileOutput.open(file, "r", ResultFormat.TEXT, codec)) {
            output.accept(ok("r", 0));
            output.accept(ok("r", 1));
            output.save(1);
        }
        Files.writeString(file, "Received: task 0 result (slept 1s)\n");

        assertThatThrownBy(() -> ResumableFileOutput.open(file, "r", ResultFormat.TEXT, codec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--output " + file + " has 35 bytes but its checkpoint")
                .hasMessageContaining("delete " + file + ".checkpoint");
        assertThat(Files.readString(file)).isEqualTo("Received: task 0 result (slept 1s)\n");
    }

    @Test
    void aMissingFileWithACheckpointIsNotResumed() throws Exception {
        Path file = dir.resolve("out.txt");
        try (ResumableFileOutput output = ResumableFileOutput.open(file, "r", ResultFormat.TEXT, codec)) {
            output.accept(ok("r", 0));
            output.save(0);
        }
        Files.delete(file);

        assertThatThrownBy(() -> ResumableFileOutput.open(file, "r", ResultFormat.TEXT, codec))
                .hasMessageContaining("--output " + file + " is missing but its checkpoint");
        assertThat(file).doesNotExist();
    }

    @Test
    void aMissingFileWhoseCheckpointRecordsNoOutputIsResumed() throws Exception {
        Path file = dir.resolve("out.txt");
        try (ResumableFileOutput output = ResumableFileOutput.open(file, "r", ResultFormat.TEXT, codec)) {
            output.save(7); // other runs' records read, nothing of this run written yet
        }
        Files.delete(file);

        try (ResumableFileOutput output = ResumableFileOutput.open(file, "r", ResultFormat.TEXT, codec)) {
            assertThat(output.resumeAfterOffset()).isEqualTo(7);
            output.accept(ok("r", 0));
            output.save(8);
        }

        assertThat(Files.readAllLines(file)).containsExactly("Received: task 0 result (slept 1s)");
    }
}
