package dev.taskengine.server;

import dev.taskengine.api.TaskEngine;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.store.jdbc.JdbcTaskStore;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the reference provider backend.
 *
 * <pre>
 * --demo                 the bundled example config, a fresh SQLite file, seeded tasks that demo
 *                        workers run through the operators' API once the server listens (as the
 *                        operator whose token is in TASKENGINE_DEMO_OPERATOR_TOKEN, else the
 *                        bundled config's demo-worker)
 * --config FILE          the config (required without --demo): see ServerConfig
 * --db JDBC_URL          jdbc:sqlite:FILE (default jdbc:sqlite:taskengine.db) or
 *                        jdbc:postgresql://HOST:PORT/DB
 * --db-user USER         database user (PostgreSQL)
 * --db-password PASS     database password; or the TASKENGINE_DB_PASSWORD environment variable
 * --bind ADDRESS         the address to listen on (default 127.0.0.1)
 * --port PORT            the port (default 8080; 0 picks a free one)
 * --sweep-interval D    how often expired leases and passed deadlines are handled (5s, off)
 * and the limits, timeouts and TLS flags of {@link #USAGE} (docs/server.md, "Limits and failure")
 * </pre>
 *
 * From the repository: {@code ./mvnw -q -B -pl server -am compile exec:java -Dexec.args="--demo"}.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  static final String USAGE =
      """
      usage: server [--demo] [--config FILE] [--db JDBC_URL] [--db-user USER] [--db-password PASS]
                    [--bind ADDRESS] [--port PORT]
        --demo             bundled example config, fresh SQLite file, seeded tasks that demo
                           workers run through the operators' API (their operator's token:
                           TASKENGINE_DEMO_OPERATOR_TOKEN, else the bundled config's)
        --config FILE      who may call and what they see (required without --demo)
        --db JDBC_URL      jdbc:sqlite:FILE (default jdbc:sqlite:taskengine.db)
                           or jdbc:postgresql://HOST:PORT/DATABASE
        --db-user USER     database user; --db-password PASS or TASKENGINE_DB_PASSWORD
        --bind ADDRESS     listen address (default 127.0.0.1)
        --port PORT        port (default 8080, 0 for any free port)
      limits (durations as 500ms, 5s or 2m):
        --max-connections N            open connections (256)
        --max-concurrent-requests N    requests handled at once (32)
        --max-queued-requests N        requests waiting for a slot, then 503 (128)
        --max-queue-wait DURATION      longest wait for a slot, then 503 (5s)
        --idle-timeout DURATION        a silent connection is closed (30s)
        --min-request-data-rate BYTES  slowest request body, bytes per second (1024)
        --rate-limit N/DURATION        requests per caller, 0 for none (100/1s)
        --retry-after DURATION         Retry-After of a 503 (5s)
      database timeouts:
        --db-connection-timeout DURATION  wait for a connection (5s)
        --db-statement-timeout DURATION   one statement, PostgreSQL (10s)
        --db-socket-timeout DURATION      a silent database, PostgreSQL (30s)
      TLS:
        --tls-keystore FILE               serve HTTPS with this PKCS12 key store; its password
                                          from TASKENGINE_TLS_KEYSTORE_PASSWORD or
        --tls-keystore-password-file FILE
      work governance:
        --sweep-interval DURATION|off     how often this node retries or fails tasks whose lease
                                          expired or deadline passed (5s; --demo 1s); safe on
                                          every node; off when another process sweeps
      """;

  /** The database's timeouts. */
  record DatabaseTimeouts(Duration connection, Duration statement, Duration socket) {
    static final DatabaseTimeouts DEFAULTS =
        new DatabaseTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  /** Where HTTPS gets its key store and the key store's password; absent without TLS. */
  record Tls(Path keyStore, Path passwordFile) {}

  /** The sweep interval without {@code --sweep-interval}. */
  static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofSeconds(5);

  /**
   * The demo's sweep interval without {@code --sweep-interval}: short, so that a crashed demo
   * worker's task is retried within seconds of its lease's end.
   */
  static final Duration DEMO_SWEEP_INTERVAL = Duration.ofSeconds(1);

  /**
   * The parsed command line.
   *
   * @param sweepInterval how often the engine's sweeper runs; null when it is off
   */
  record Options(
      boolean demo,
      Path config,
      String db,
      String dbUser,
      String dbPassword,
      String bind,
      int port,
      ServerLimits limits,
      DatabaseTimeouts timeouts,
      Tls tls,
      Duration sweepInterval) {

    static Options parse(List<String> args, String passwordFromEnvironment) {
      boolean demo = false;
      Path config = null;
      String db = null;
      String dbUser = null;
      String dbPassword = passwordFromEnvironment;
      String bind = "127.0.0.1";
      int port = 8080;
      ServerLimits.Builder limits = ServerLimits.defaults().toBuilder();
      ServerLimits defaults = ServerLimits.defaults();
      int rateLimit = defaults.rateLimit();
      Duration ratePeriod = defaults.ratePeriod();
      Duration dbConnection = DatabaseTimeouts.DEFAULTS.connection();
      Duration dbStatement = DatabaseTimeouts.DEFAULTS.statement();
      Duration dbSocket = DatabaseTimeouts.DEFAULTS.socket();
      Path keyStore = null;
      Path keyStorePasswordFile = null;
      Duration sweepInterval = null;
      boolean sweepOff = false;
      Deque<String> rest = new ArrayDeque<>(args);
      while (!rest.isEmpty()) {
        String arg = rest.removeFirst();
        switch (arg) {
          case "--demo" -> demo = true;
          case "--config" -> config = Path.of(value(rest, arg));
          case "--db" -> db = value(rest, arg);
          case "--db-user" -> dbUser = value(rest, arg);
          case "--db-password" -> dbPassword = value(rest, arg);
          case "--bind" -> bind = value(rest, arg);
          case "--port" -> {
            String text = value(rest, arg);
            try {
              port = Integer.parseInt(text);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--port: not a number: " + text);
            }
            if (port < 0 || port > 65_535) {
              throw new IllegalArgumentException("--port: 0 to 65535, was " + port);
            }
          }
          case "--max-connections" -> limits.maxConnections(count(rest, arg, 1));
          case "--max-concurrent-requests" -> limits.maxConcurrentRequests(count(rest, arg, 1));
          case "--max-queued-requests" -> limits.maxQueuedRequests(count(rest, arg, 0));
          case "--max-queue-wait" -> limits.maxQueueWait(duration(rest, arg));
          case "--idle-timeout" -> limits.idleTimeout(duration(rest, arg));
          case "--min-request-data-rate" -> limits.minRequestDataRate(count(rest, arg, 0));
          case "--retry-after" -> limits.retryAfter(duration(rest, arg));
          case "--rate-limit" -> {
            String text = value(rest, arg);
            int slash = text.indexOf('/');
            if (slash < 0) {
              throw new IllegalArgumentException(arg + ": N/DURATION, as 100/1s, was " + text);
            }
            rateLimit = number(arg, text.substring(0, slash), 0);
            ratePeriod = parseDuration(arg, text.substring(slash + 1));
          }
          case "--db-connection-timeout" -> dbConnection = duration(rest, arg);
          case "--db-statement-timeout" -> dbStatement = duration(rest, arg);
          case "--db-socket-timeout" -> dbSocket = duration(rest, arg);
          case "--tls-keystore" -> keyStore = Path.of(value(rest, arg));
          case "--tls-keystore-password-file" -> keyStorePasswordFile = Path.of(value(rest, arg));
          case "--sweep-interval" -> {
            String text = value(rest, arg);
            sweepOff = text.equals("off");
            sweepInterval = sweepOff ? null : parseDuration(arg, text);
          }
          default -> throw new IllegalArgumentException("unknown argument: " + arg);
        }
      }
      if (keyStorePasswordFile != null && keyStore == null) {
        throw new IllegalArgumentException("--tls-keystore-password-file needs --tls-keystore");
      }
      if (dbSocket.compareTo(dbStatement) <= 0) {
        throw new IllegalArgumentException(
            "--db-socket-timeout must be longer than --db-statement-timeout, or a slow statement"
                + " drops its connection instead of being cancelled");
      }
      if (dbConnection.toMillis() < 250) {
        throw new IllegalArgumentException("--db-connection-timeout: at least 250ms");
      }
      ServerLimits checked = limits.rateLimit(rateLimit, ratePeriod).build();
      if (!demo && config == null) {
        throw new IllegalArgumentException("give --config FILE, or --demo");
      }
      if (db != null && !db.startsWith("jdbc:sqlite:") && !db.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "--db: jdbc:sqlite:... or jdbc:postgresql:..., was " + db);
      }
      return new Options(
          demo,
          config,
          db,
          dbUser,
          dbPassword,
          bind,
          port,
          checked,
          new DatabaseTimeouts(dbConnection, dbStatement, dbSocket),
          keyStore == null ? null : new Tls(keyStore, keyStorePasswordFile),
          sweepOff
              ? null
              : sweepInterval != null
                  ? sweepInterval
                  : demo ? DEMO_SWEEP_INTERVAL : DEFAULT_SWEEP_INTERVAL);
    }

    private static int count(Deque<String> rest, String flag, int minimum) {
      return number(flag, value(rest, flag), minimum);
    }

    private static int number(String flag, String text, int minimum) {
      int parsed;
      try {
        parsed = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + ": not a number: " + text);
      }
      if (parsed < minimum) {
        throw new IllegalArgumentException(flag + ": at least " + minimum + ", was " + parsed);
      }
      return parsed;
    }

    private static Duration duration(Deque<String> rest, String flag) {
      return parseDuration(flag, value(rest, flag));
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m}: a positive whole number and a unit. */
    static Duration parseDuration(String flag, String text) {
      java.util.regex.Matcher matcher =
          java.util.regex.Pattern.compile("([0-9]{1,9})(ms|s|m)").matcher(text);
      if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
        throw new IllegalArgumentException(
            flag + ": a positive duration as 500ms, 5s or 2m, was " + text);
      }
      long amount = Long.parseLong(matcher.group(1));
      return switch (matcher.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        default -> Duration.ofMinutes(amount);
      };
    }

    private static String value(Deque<String> rest, String flag) {
      if (rest.isEmpty() || rest.peekFirst().startsWith("--")) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return rest.removeFirst();
    }
  }

  private Main() {}

  public static void main(String[] args) throws Exception {
    Options options;
    ServerConfig config;
    String keyStorePassword;
    String demoToken = null;
    try {
      options = Options.parse(List.of(args), System.getenv("TASKENGINE_DB_PASSWORD"));
      config = options.config() != null ? ServerConfig.load(options.config()) : ServerConfig.demo();
      keyStorePassword =
          options.tls() == null
              ? null
              : keyStorePassword(options.tls(), System.getenv("TASKENGINE_TLS_KEYSTORE_PASSWORD"));
      if (options.demo()) {
        String fromEnvironment = System.getenv(Demo.OPERATOR_TOKEN_VARIABLE);
        demoToken = fromEnvironment != null ? fromEnvironment : Demo.BUNDLED_OPERATOR_TOKEN;
        Demo.workerOperator(config, demoToken);
      }
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("server: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    run(options, config, keyStorePassword, demoToken);
  }

  /**
   * The key store's password: the first line of {@code --tls-keystore-password-file}, else {@code
   * TASKENGINE_TLS_KEYSTORE_PASSWORD}; never a flag's value, which other users of the machine can
   * read in the process list.
   */
  static String keyStorePassword(Tls tls, String fromEnvironment) throws IOException {
    if (tls.passwordFile() != null) {
      List<String> lines = Files.readAllLines(tls.passwordFile());
      return lines.isEmpty() ? "" : lines.get(0);
    }
    if (fromEnvironment == null) {
      throw new IllegalArgumentException(
          "--tls-keystore: give its password in TASKENGINE_TLS_KEYSTORE_PASSWORD or"
              + " --tls-keystore-password-file FILE");
    }
    return fromEnvironment;
  }

  /** {@code demoToken}: the demo workers' operator token with {@code --demo}, else null. */
  private static void run(
      Options options, ServerConfig config, String keyStorePassword, String demoToken)
      throws Exception {
    String url = options.db() != null ? options.db() : defaultDatabase(options.demo());
    JdbcTaskStore.Builder storeBuilder =
        JdbcTaskStore.builder()
            .url(url)
            .connectionTimeout(options.timeouts().connection())
            .statementTimeout(options.timeouts().statement())
            .socketTimeout(options.timeouts().socket());
    if (options.dbUser() != null) {
      storeBuilder.credentials(
          options.dbUser(), options.dbPassword() == null ? "" : options.dbPassword());
    }
    JdbcTaskStore store = storeBuilder.build();
    TaskEngines.Builder engineBuilder = TaskEngines.builder().store(store);
    config.tokenKeyRing().ifPresent(engineBuilder::tokenKeys);
    if (options.sweepInterval() != null) {
      engineBuilder.sweeper(options.sweepInterval());
    }
    if (options.demo()) {
      engineBuilder.idGenerator(new DemoIdGenerator());
    }
    TaskEngine engine = engineBuilder.build();
    TaskServer server;
    try {
      TaskServer.Builder serverBuilder =
          TaskServer.builder(engine, config)
              .host(options.bind())
              .port(options.port())
              .limits(options.limits());
      if (options.tls() != null) {
        serverBuilder.tls(options.tls().keyStore(), keyStorePassword);
      }
      server = serverBuilder.start();
    } catch (java.net.BindException e) {
      engine.close();
      store.close();
      System.err.println(
          "server: cannot listen on "
              + options.bind()
              + ":"
              + options.port()
              + " ("
              + e.getMessage()
              + "); choose another with --port");
      System.exit(1);
      return;
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      // A key store that cannot be read or opened (wrong password, not a key store).
      engine.close();
      store.close();
      System.err.println("server: cannot start: " + e.getMessage());
      System.exit(1);
      return;
    }
    Demo demo = null;
    if (options.demo()) {
      // Made once the server listens: the demo's workers are its clients, over HTTP(S), trusting
      // the certificate it serves as a provider's worker trusts its provider's.
      OpsClient workersClient =
          new OpsClient(
              reachable(server.uri()),
              demoToken,
              options.tls() == null
                  ? null
                  : OpsClient.trusting(options.tls().keyStore(), keyStorePassword));
      demo =
          new Demo(
              engine,
              config,
              Clock.systemUTC(),
              System.nanoTime(),
              System.out::println,
              workersClient);
      demo.seed();
    }
    Demo started = demo;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (started != null) {
                    started.close();
                  }
                  try {
                    server.close();
                  } catch (RuntimeException e) {
                    LOG.warn("stopping the server: {}", e.toString());
                  }
                  // The sweeper stops (a sweep in progress finishes) before its store closes.
                  engine.close();
                  store.close();
                },
                "taskengine-shutdown"));
    LOG.info(
        "serving on {} with {}; sweeping expired leases and deadlines {}",
        server.uri(),
        url.replaceAll("password=[^&]*", "password=***"),
        options.sweepInterval() == null
            ? "never (off)"
            : "every " + options.sweepInterval().toMillis() + "ms");
    if (started != null) {
      printDemo(System.out, server.uri().toString(), config);
      started.start();
    }
    server.join();
  }

  /**
   * Where a client on this machine reaches the server: {@code uri} itself, or the loopback address
   * when the server listens on every address ({@code --bind 0.0.0.0} or {@code ::}), which is not
   * an address to connect to.
   */
  static URI reachable(URI uri) {
    String host = uri.getHost();
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    String loopback;
    if (bare.equals("0.0.0.0")) {
      loopback = "127.0.0.1";
    } else if (bare.equals("::") || bare.equals("0:0:0:0:0:0:0:0")) {
      loopback = "[::1]";
    } else {
      return uri;
    }
    return URI.create(uri.getScheme() + "://" + loopback + ":" + uri.getPort() + uri.getPath());
  }

  /**
   * The SQLite file to use without {@code --db}: for the demo the file named by the {@code
   * taskengine.server.demoDb} system property (the Maven build points it into {@code
   * server/target/}), emptied first so that every demo starts alike; otherwise {@code
   * taskengine.db} in the working directory, kept.
   */
  private static String defaultDatabase(boolean demo) throws IOException {
    if (!demo) {
      return "jdbc:sqlite:taskengine.db";
    }
    Path file = Path.of(System.getProperty("taskengine.server.demoDb", "taskengine-demo.db"));
    for (String suffix : new String[] {"", "-wal", "-shm"}) {
      Files.deleteIfExists(Path.of(file + suffix));
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    return "jdbc:sqlite:" + file;
  }

  private static void printDemo(PrintStream out, String base, ServerConfig config) {
    ServerConfig.Account account = config.accounts().get(0);
    String ak =
        account.alibabaAccessKeys().isEmpty() ? "?" : account.alibabaAccessKeys().get(0).id();
    out.println();
    out.println("taskengine demo at " + base + " (Ctrl-C stops it).");
    out.println(
        "Requests are signed: the README's \"Calling the server\" signs them with the demo"
            + " credentials");
    out.println(
        "of server/src/main/resources/dev/taskengine/server/demo-config.json (access key "
            + ak
            + "),");
    out.println("for example from the repository's root:");
    out.println("  export ALIBABA_CLOUD_ACCESS_KEY_ID=" + ak);
    out.println("  export ALIBABA_CLOUD_ACCESS_KEY_SECRET=<its secret in demo-config.json>");
    out.println(
        "  curl \""
            + base
            + "?$(java -cp server/target/classes dev.taskengine.server.SignRequest"
            + " Action=DescribeTasks Version=2023-09-30 InvokeId="
            + Demo.CLOUD_PHONE_INVOKE_ID
            + ")\"");
    out.println(
        "Demo workers claim the seeded tasks, heartbeat and report through the operators' API"
            + " (/ops/v1);");
    out.println(
        "some crash, and the sweeper retries their tasks (attempt 2, 3) or fails them"
            + " (LeaseExpired):");
    out.println("the lines below show each step.");
    out.println();
  }
}
