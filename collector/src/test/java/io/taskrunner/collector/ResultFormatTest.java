package io.taskrunner.collector;

import static io.taskrunner.collector.ResultFixtures.failed;
import static io.taskrunner.collector.ResultFixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.core.protocol.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResultFormatTest {
    private final ProtocolCodec codec = new ProtocolCodec();

    @Test
    void textReadsLikeTheSeed() {
        assertThat(ResultFormat.TEXT.format(ok("r", 3), codec)).isEqualTo("Received: task 3 result (slept 1s)");
        assertThat(ResultFormat.TEXT.format(failed("r", 4), codec))
                .isEqualTo("Received: task 4 FAILED (RequestedFailure: boom)");
    }

    @Test
    void jsonLinesCarryEveryFieldAndDecodeBack() {
        String line = ResultFormat.JSONL.format(failed("r", 4), codec);

        assertThat(line).doesNotContain("\n").contains("\"status\":\"FAILED\"").contains("\"worker\":\"h:1\"");
        assertThat(codec.decodeResultsTopic(line.getBytes(StandardCharsets.UTF_8))).isEqualTo(failed("r", 4));
    }
}
