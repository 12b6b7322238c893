package dev.taskengine.server;

import dev.taskengine.api.TaskEngine;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP server (Jetty 12) serving the four seed APIs and the operators' API on one port, over an
 * engine the caller made and owns, within {@link ServerLimits}, over HTTP or HTTPS. Start it with
 * {@link #builder} (or {@link #start} for plain HTTP with the default limits); {@link #close()}
 * stops it and leaves the engine and its store alone. Thread-safe.
 *
 * <pre>{@code
 * try (TaskServer server =
 *     TaskServer.builder(engine, ServerConfig.demo())
 *         .host("127.0.0.1")
 *         .port(0)
 *         .limits(ServerLimits.defaults().toBuilder().maxConnections(512).build())
 *         .tls(Path.of("server.p12"), keyStorePassword)
 *         .start()) {
 *   URI base = server.uri(); // https://127.0.0.1:<free port>/
 * }
 * }</pre>
 */
public final class TaskServer implements AutoCloseable {
  private static final int REQUEST_HEADER_BYTES = 32 * 1024;

  /**
   * Threads beyond the request slots: Jetty's acceptor and selectors, the probes, and the error
   * answers of requests that never reach a slot.
   */
  private static final int SPARE_THREADS = 32;

  private final Server server;
  private final ServerConnector connector;
  private final boolean tls;

  private TaskServer(Server server, ServerConnector connector, boolean tls) {
    this.server = server;
    this.connector = connector;
    this.tls = tls;
  }

  /**
   * Starts serving plain HTTP on {@code host:port} ({@code port} 0 picks a free port) with {@link
   * ServerLimits#defaults()}: {@code builder(engine, config).host(host).port(port).start()}.
   *
   * @throws Exception when the port cannot be bound
   */
  public static TaskServer start(TaskEngine engine, ServerConfig config, String host, int port)
      throws Exception {
    return builder(engine, config).host(host).port(port).start();
  }

  /** A builder for a server over {@code engine} with {@code config}. */
  public static Builder builder(TaskEngine engine, ServerConfig config) {
    return new Builder(
        Objects.requireNonNull(engine, "engine"), Objects.requireNonNull(config, "config"));
  }

  /** The port it listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://<host>:<port>/}, or {@code https://...} with TLS. */
  public URI uri() {
    String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create((tls ? "https" : "http") + "://" + host + ":" + port() + "/");
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

  /** Collects where and how to serve; checked at {@link #start()}. Not thread-safe. */
  public static final class Builder {
    private final TaskEngine engine;
    private final ServerConfig config;
    private String host = "127.0.0.1";
    private int port = 8080;
    private ServerLimits limits = ServerLimits.defaults();
    private Clock clock = Clock.systemUTC();
    private Path keyStore;
    private String keyStorePassword;

    private Builder(TaskEngine engine, ServerConfig config) {
      this.engine = engine;
      this.config = config;
    }

    /** The address to listen on; {@code 127.0.0.1} by default. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port, 0 for any free one; 8080 by default. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port: 0 to 65535, was " + port);
      }
      this.port = port;
      return this;
    }

    /** The limits; {@link ServerLimits#defaults()} unless set. */
    public Builder limits(ServerLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The time that signatures and tokens are checked against; the system clock unless set. */
    Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Serves HTTPS (HTTP/1.1 over TLS) with the key and certificate chain in {@code keyStore}, a
     * PKCS12 or JKS file (the JDK's {@code keytool} writes PKCS12) whose store and key share {@code
     * password}. The password is kept only to open the file at start.
     */
    public Builder tls(Path keyStore, String password) {
      this.keyStore = Objects.requireNonNull(keyStore, "keyStore");
      this.keyStorePassword = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * Starts serving.
     *
     * @throws IllegalArgumentException when the key store is not a readable file
     * @throws Exception when the port cannot be bound or the key store cannot be opened
     */
    public TaskServer start() throws Exception {
      QueuedThreadPool threads =
          new QueuedThreadPool(limits.maxConcurrentRequests() + SPARE_THREADS, 4);
      threads.setName("taskengine-http");
      Server server = new Server(threads);
      HttpConfiguration http = new HttpConfiguration();
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
      // Let a path with a bad escape through to Admission, which refuses it in the path's vendor
      // shape; refused here, the request would lose its path and so its vendor.
      http.setUriCompliance(
          UriCompliance.DEFAULT.with(
              "taskengine", Admission.BAD_ENCODINGS.toArray(new UriCompliance.Violation[0])));
      ServerConnector connector;
      if (keyStore != null) {
        if (!Files.isReadable(keyStore)) {
          throw new IllegalArgumentException("TLS key store: cannot read " + keyStore);
        }
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keyStore.toString());
        ssl.setKeyStorePassword(keyStorePassword);
        ssl.setKeyManagerPassword(keyStorePassword);
        http.addCustomizer(new SecureRequestCustomizer());
        connector =
            new ServerConnector(
                server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
      } else {
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
      }
      connector.setHost(host);
      connector.setPort(port);
      connector.setIdleTimeout(limits.idleTimeout().toMillis());
      server.addConnector(connector);
      server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
      server.setHandler(new Admission(engine, config, limits, clock));
      server.setErrorHandler(new JsonErrorHandler(limits));
      server.setStopTimeout(5_000);
      try {
        server.start();
      } catch (Exception e) {
        server.stop();
        throw e;
      }
      return new TaskServer(server, connector, keyStore != null);
    }
  }
}
