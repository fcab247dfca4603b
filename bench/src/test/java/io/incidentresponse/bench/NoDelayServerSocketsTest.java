package io.incidentresponse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class NoDelayServerSocketsTest {

  @Test
  void acceptedConnections_sendAtOnce_withoutNaglesDelay() throws Exception {
    InetAddress local = InetAddress.getByName("127.0.0.1");
    try (ServerSocket server = new NoDelayServerSockets().createServerSocket(0, 50, local);
        Socket client = new Socket(local, server.getLocalPort());
        Socket accepted = server.accept()) {
      assertThat(accepted.getTcpNoDelay()).isTrue();
      assertThat(client.getTcpNoDelay()).isFalse();
    }
  }
}
