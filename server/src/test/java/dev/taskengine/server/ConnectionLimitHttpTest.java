package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.tck.Slow;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Past the connection limit the server accepts nothing more until a connection closes. */
@Slow
class ConnectionLimitHttpTest extends HttpTestBase {
  private static final int MAX_CONNECTIONS = 4;

  @Override
  ServerLimits limits() {
    return super.limits().toBuilder()
        .maxConnections(MAX_CONNECTIONS)
        .idleTimeout(Duration.ofSeconds(30))
        .build();
  }

  @Test
  void aConnectionPastTheLimitWaitsUntilOneCloses() throws Exception {
    List<Socket> held = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_CONNECTIONS; i++) {
        Socket socket = new Socket("127.0.0.1", server.port());
        socket.setSoTimeout(10_000);
        assertThat(health(socket)).startsWith("HTTP/1.1 200"); // accepted, and kept alive
        held.add(socket);
      }
      try (Socket extra = new Socket("127.0.0.1", server.port())) {
        extra.setSoTimeout(1_000);
        assertThatThrownBy(() -> health(extra)).isInstanceOf(SocketTimeoutException.class);
        held.remove(0).close();
        extra.setSoTimeout(10_000);
        String answer = new String(extra.getInputStream().readNBytes(15), StandardCharsets.UTF_8);
        assertThat(answer).startsWith("HTTP/1.1 200");
      }
    } finally {
      for (Socket socket : held) {
        socket.close();
      }
    }
  }

  private static String health(Socket socket) throws IOException {
    socket
        .getOutputStream()
        .write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    socket.getOutputStream().flush();
    byte[] head = new byte[15];
    int read = 0;
    while (read < head.length) {
      int n = socket.getInputStream().read(head, read, head.length - read);
      if (n < 0) {
        break;
      }
      read += n;
    }
    // Drain the rest of this small response so the next one starts clean.
    socket.getInputStream().readNBytes(socket.getInputStream().available());
    return new String(head, 0, read, StandardCharsets.UTF_8);
  }
}
