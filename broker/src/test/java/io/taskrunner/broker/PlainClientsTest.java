package io.taskrunner.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which brokers the in-process broker warms up: those its own plain admin client can talk to. */
class PlainClientsTest {
    @Test
    void aPlaintextListenerIsWarmedUp() {
        assertThat(InProcessBroker.plainClients(Map.of("advertised.listeners", "PLAINTEXT://127.0.0.1:9092",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"), 9092)).isTrue();
    }

    @Test
    void aListenerThatWantsSaslOrTlsIsNot() {
        assertThat(InProcessBroker.plainClients(Map.of("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:9092",
                "listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT"), 9092)).isFalse();
        assertThat(InProcessBroker.plainClients(Map.of("advertised.listeners", "CLIENTS://127.0.0.1:9092",
                "listener.security.protocol.map", "CLIENTS:SSL,CONTROLLER:PLAINTEXT"), 9092)).isFalse();
    }

    @Test
    void aListenerNamedOtherwiseIsJudgedByItsProtocol() {
        assertThat(InProcessBroker.plainClients(Map.of("advertised.listeners", "CLIENTS://127.0.0.1:9092",
                "listener.security.protocol.map", "CLIENTS:PLAINTEXT,CONTROLLER:PLAINTEXT"), 9092)).isTrue();
    }

    @Test
    void theListenerOnTheBrokersPortIsTheOneJudged() {
        Map<String, String> props = Map.of("advertised.listeners",
                "PLAINTEXT://127.0.0.1:9094,SASL_PLAINTEXT://127.0.0.1:9092",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT");
        assertThat(InProcessBroker.plainClients(props, 9092)).isFalse();
        assertThat(InProcessBroker.plainClients(props, 9094)).isTrue();
    }
}
