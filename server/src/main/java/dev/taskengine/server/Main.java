package dev.taskengine.server;

import dev.taskengine.api.TaskEngine;
import dev.taskengine.store.jdbc.JdbcTaskStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the reference provider backend.
 *
 * <pre>
 * --demo                 the bundled example config, a fresh SQLite file, seeded tasks that move
 * --config FILE          the config (required without --demo): see ServerConfig
 * --db JDBC_URL          jdbc:sqlite:FILE (default jdbc:sqlite:taskengine.db) or
 *                        jdbc:postgresql://HOST:PORT/DB
 * --db-user USER         database user (PostgreSQL)
 * --db-password PASS     database password; or the TASKENGINE_DB_PASSWORD environment variable
 * --bind ADDRESS         the address to listen on (default 127.0.0.1)
 * --port PORT            the port (default 8080; 0 picks a free one)
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
        --demo             bundled example config, fresh SQLite file, seeded tasks that move
        --config FILE      who may call and what they see (required without --demo)
        --db JDBC_URL      jdbc:sqlite:FILE (default jdbc:sqlite:taskengine.db)
                           or jdbc:postgresql://HOST:PORT/DATABASE
        --db-user USER     database user; --db-password PASS or TASKENGINE_DB_PASSWORD
        --bind ADDRESS     listen address (default 127.0.0.1)
        --port PORT        port (default 8080, 0 for any free port)
      """;

  /** The parsed command line. */
  record Options(
      boolean demo,
      Path config,
      String db,
      String dbUser,
      String dbPassword,
      String bind,
      int port) {

    static Options parse(List<String> args, String passwordFromEnvironment) {
      boolean demo = false;
      Path config = null;
      String db = null;
      String dbUser = null;
      String dbPassword = passwordFromEnvironment;
      String bind = "127.0.0.1";
      int port = 8080;
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
          default -> throw new IllegalArgumentException("unknown argument: " + arg);
        }
      }
      if (!demo && config == null) {
        throw new IllegalArgumentException("give --config FILE, or --demo");
      }
      if (db != null && !db.startsWith("jdbc:sqlite:") && !db.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException(
            "--db: jdbc:sqlite:... or jdbc:postgresql:..., was " + db);
      }
      return new Options(demo, config, db, dbUser, dbPassword, bind, port);
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
    try {
      options = Options.parse(List.of(args), System.getenv("TASKENGINE_DB_PASSWORD"));
      config = options.config() != null ? ServerConfig.load(options.config()) : ServerConfig.demo();
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("server: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    run(options, config);
  }

  private static void run(Options options, ServerConfig config) throws Exception {
    String url = options.db() != null ? options.db() : defaultDatabase(options.demo());
    JdbcTaskStore.Builder storeBuilder = JdbcTaskStore.builder().url(url);
    if (options.dbUser() != null) {
      storeBuilder.credentials(
          options.dbUser(), options.dbPassword() == null ? "" : options.dbPassword());
    }
    JdbcTaskStore store = storeBuilder.build();
    TaskEngine.Builder engineBuilder = TaskEngine.builder().store(store);
    config.tokenKeyRing().ifPresent(engineBuilder::tokenKeys);
    if (options.demo()) {
      engineBuilder.idGenerator(new DemoIdGenerator());
    }
    TaskEngine engine = engineBuilder.build();
    TaskServer server;
    try {
      server = TaskServer.start(engine, config, options.bind(), options.port());
    } catch (IOException e) {
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
    }
    Demo demo = null;
    if (options.demo()) {
      demo = new Demo(engine, config, System.nanoTime());
      demo.seed();
      demo.start();
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
                  store.close();
                },
                "taskengine-shutdown"));
    LOG.info(
        "serving on {} with {}", server.uri(), url.replaceAll("password=[^&]*", "password=***"));
    if (options.demo()) {
      printDemo(System.out, server.uri().toString(), config);
    }
    server.join();
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
    out.println();
  }
}
