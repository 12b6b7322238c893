package dev.taskengine.server;

import dev.taskengine.api.TaskEngine;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server (Jetty 12) serving the four seed APIs and the operators' API on one port, over an
 * engine the caller made and owns. Start it with {@link #start}; {@link #close()} stops it and
 * leaves the engine and its store alone. Thread-safe.
 *
 * <pre>{@code
 * try (TaskServer server = TaskServer.start(engine, ServerConfig.demo(), "127.0.0.1", 0)) {
 *   URI base = server.uri(); // http://127.0.0.1:<free port>/
 * }
 * }</pre>
 */
public final class TaskServer implements AutoCloseable {
  private static final int MAX_THREADS = 64;
  private static final int REQUEST_HEADER_BYTES = 32 * 1024;

  private final Server server;
  private final ServerConnector connector;

  private TaskServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Starts serving on {@code host:port} ({@code port} 0 picks a free port).
   *
   * @throws Exception when the port cannot be bound
   */
  public static TaskServer start(TaskEngine engine, ServerConfig config, String host, int port)
      throws Exception {
    return start(engine, config, host, port, Clock.systemUTC());
  }

  /**
   * {@link #start(TaskEngine, ServerConfig, String, int)} checking signing times on {@code clock}.
   */
  static TaskServer start(
      TaskEngine engine, ServerConfig config, String host, int port, Clock clock) throws Exception {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(clock, "clock");
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 4);
    threads.setName("taskengine-http");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Router(engine, config, clock));
    server.setErrorHandler(new JsonErrorHandler());
    server.setStopTimeout(5_000);
    server.start();
    return new TaskServer(server, connector);
  }

  /** The port it listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://<host>:<port>/}. */
  public URI uri() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port() + "/");
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops serving; requests in flight get up to five seconds to finish. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the server", e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the server", e);
    }
  }
}
