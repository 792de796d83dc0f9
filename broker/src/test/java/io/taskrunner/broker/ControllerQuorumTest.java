package io.taskrunner.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ControllerQuorumTest {
    private static final String THREE = "1@127.0.0.1:9193,2@127.0.0.1:9293,3@127.0.0.1:9393";

    @Test
    void readsTheNodesAndTheirControllerPorts() {
        ControllerQuorum quorum = ControllerQuorum.parse(THREE);

        assertThat(quorum.size()).isEqualTo(3);
        assertThat(quorum.controllerPortOf(2)).isEqualTo(9293);
        assertThat(quorum.controllerPortOf(4)).isNull();
        assertThat(ControllerQuorum.parse("1@kafka-1:9093, 2@[::1]:9093").size()).isEqualTo(2);
    }

    @Test
    void everyNodeGivenTheSameQuorumDerivesTheSameClusterIdAndAnotherQuorumAnother() {
        String id = ControllerQuorum.parse(THREE).clusterId();

        assertThat(ControllerQuorum.parse(THREE).clusterId()).isEqualTo(id);
        assertThat(ControllerQuorum.parse("1@127.0.0.1:9193").clusterId()).isNotEqualTo(id);
        assertThat(id).hasSize(22).doesNotStartWith("-");
        for (int port = 1000; port < 1400; port++) {
            assertThat(ControllerQuorum.parse("1@h:" + port).clusterId()).as("port " + port).doesNotStartWith("-");
        }
    }

    @Test
    void aMalformedQuorumOrANodeOutsideItIsAClearError() {
        assertThatThrownBy(() -> ControllerQuorum.parse("1@host")).hasMessage("--controller-quorum: '1@host' is not id@host:port");
        assertThatThrownBy(() -> ControllerQuorum.parse("1@a:1,1@b:2")).hasMessage("--controller-quorum names node 1 twice");
        assertThatThrownBy(() -> ControllerQuorum.parse(" ")).hasMessageContaining("id@host:port");
        ControllerQuorum quorum = ControllerQuorum.parse(THREE);
        assertThatThrownBy(() -> new BrokerConfig("127.0.0.1", 9192, 9193, Path.of("d"), Map.of(), 4, quorum))
                .hasMessageContaining("--node-id 4 is not one of --controller-quorum");
        assertThatThrownBy(() -> new BrokerConfig("127.0.0.1", 9192, 9999, Path.of("d"), Map.of(), 1, quorum))
                .hasMessageContaining("--controller-port 9999 differs from node 1's port");
        assertThat(new BrokerConfig("127.0.0.1", 9192, 9193, Path.of("d"), Map.of(), 1, quorum).clusterSize()).isEqualTo(3);
        assertThat(BrokerConfig.ephemeral(Path.of("d")).clusterSize()).isEqualTo(1);
    }
}
