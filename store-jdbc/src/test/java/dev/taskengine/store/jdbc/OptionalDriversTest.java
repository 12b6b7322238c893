package dev.taskengine.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.InvalidRequestException;
import dev.taskengine.api.StoreUnavailableException;
import dev.taskengine.api.TaskQuery;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * store-jdbc declares both JDBC drivers optional: a store runs with only its own database's driver
 * on the class path, and a URL whose driver is missing is refused with the artifact to add. The
 * class path without a driver is a real one: this test's class path less that driver's jar, in a
 * class loader of its own, so every store class is loaded afresh without it.
 */
class OptionalDriversTest {
  @TempDir Path directory;

  @Test
  void eachDialectNamesItsArtifactWhenItsDriverIsMissing() {
    ClassLoader noDrivers = ClassLoader.getPlatformClassLoader();
    assertThatThrownBy(() -> Dialect.SQLITE.requireDriver(noDrivers))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("url"))
        .hasMessageContaining("org.xerial:sqlite-jdbc")
        .hasMessageContaining("org.sqlite.JDBC");
    assertThatThrownBy(() -> Dialect.POSTGRESQL.requireDriver(noDrivers))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("url"))
        .hasMessageContaining("org.postgresql:postgresql")
        .hasMessageContaining("org.postgresql.Driver");
    for (Dialect dialect : Dialect.values()) {
      dialect.requireDriver(); // both are on this module's own test class path
    }
  }

  @Test
  void docsStoresNamesTheDriverVersionsTheBuildTests() throws Exception {
    String pom = Files.readString(Path.of("..", "pom.xml"));
    String docs = Files.readString(Path.of("..", "docs", "stores.md"));
    for (String[] driver :
        new String[][] {{"sqlite-jdbc", "sqlite.version"}, {"postgresql", "postgresql.version"}}) {
      Matcher built = Pattern.compile("<" + driver[1] + ">([^<]+)<").matcher(pom);
      assertThat(built.find()).as(driver[1]).isTrue();
      assertThat(docs)
          .contains(
              "<artifactId>"
                  + driver[0]
                  + "</artifactId>\n  <version>"
                  + built.group(1)
                  + "</version>");
    }
  }

  @Test
  void withoutSqliteJdbcAPostgresqlStoreRunsAndASqliteUrlNamesTheArtifact() throws Exception {
    try (URLClassLoader loader = classPathWithout(org.sqlite.JDBC.class)) {
      assertThatThrownBy(() -> Class.forName("org.sqlite.JDBC", false, loader))
          .isInstanceOf(ClassNotFoundException.class);

      Path file = directory.resolve("refused.db");
      assertThat(buildFailure(loader, "jdbc:sqlite:" + file))
          .isInstanceOf(RuntimeException.class)
          .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo(invalidRequest()))
          .hasMessageContaining("org.xerial:sqlite-jdbc");
      assertThat(file).doesNotExist();

      useStore(loader, PostgresServer.newSchemaUrlWithCredentials());
    }
  }

  @Test
  void withoutThePostgresqlDriverASqliteStoreRunsAndAPostgresqlUrlNamesTheArtifact()
      throws Exception {
    try (URLClassLoader loader = classPathWithout(org.postgresql.Driver.class)) {
      assertThatThrownBy(() -> Class.forName("org.postgresql.Driver", false, loader))
          .isInstanceOf(ClassNotFoundException.class);

      assertThat(buildFailure(loader, "jdbc:postgresql://127.0.0.1:1/nowhere"))
          .isInstanceOf(RuntimeException.class)
          .satisfies(e -> assertThat(e.getClass().getName()).isEqualTo(invalidRequest()))
          .hasMessageContaining("org.postgresql:postgresql");

      useStore(loader, "jdbc:sqlite:" + directory.resolve("tasks.db"));
      useStore(loader, "jdbc:sqlite:file:" + TestStores.randomName() + "?mode=memory&cache=shared");
    }
  }

  /**
   * Builds a store on {@code url} from {@code loader}'s classes, counts its tasks, reads its shared
   * key ring, closes it, and checks that a closed store fails as unavailable.
   */
  private static void useStore(ClassLoader loader, String url) throws Exception {
    Object builder = builder(loader, url);
    Object store = builder.getClass().getMethod("build").invoke(builder);
    Class<?> storeClass = store.getClass();
    Object all =
        loader
            .loadClass(TaskQuery.class.getName())
            .getMethod("all", String.class)
            .invoke(null, "t");
    Class<?> queryClass = all.getClass();
    assertThat(storeClass.getMethod("count", queryClass, long.class).invoke(store, all, 10L))
        .as(url)
        .isEqualTo(0L);
    assertThat((Optional<?>) storeClass.getMethod("sharedTokenKeys").invoke(store))
        .as(url)
        .isPresent();
    storeClass.getMethod("close").invoke(store);
    Throwable closed =
        invocationFailure(
            () -> storeClass.getMethod("count", queryClass, long.class).invoke(store, all, 10L));
    assertThat(closed.getClass().getName())
        .as(url)
        .isEqualTo(StoreUnavailableException.class.getName());
  }

  private static Object builder(ClassLoader loader, String url) throws Exception {
    Object builder =
        loader.loadClass(JdbcTaskStore.class.getName()).getMethod("builder").invoke(null);
    return builder.getClass().getMethod("url", String.class).invoke(builder, url);
  }

  /** What {@code build()} threw for {@code url}. */
  private static Throwable buildFailure(ClassLoader loader, String url) throws Exception {
    Object builder = builder(loader, url);
    return invocationFailure(() -> builder.getClass().getMethod("build").invoke(builder));
  }

  private interface Invocation {
    Object invoke() throws Exception;
  }

  private static Throwable invocationFailure(Invocation invocation) throws Exception {
    try {
      invocation.invoke();
    } catch (InvocationTargetException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the call to fail");
  }

  private static String invalidRequest() {
    return InvalidRequestException.class.getName();
  }

  /**
   * A class loader over this test's class path less the jar holding {@code driver}, above the
   * platform class loader (the JDK's own modules, java.sql among them).
   */
  private static URLClassLoader classPathWithout(Class<?> driver)
      throws URISyntaxException, MalformedURLException {
    Path driverJar = Path.of(driver.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.isEmpty() || Files.notExists(Path.of(entry))) {
        continue;
      }
      Path path = Path.of(entry);
      if (!path.toAbsolutePath().equals(driverJar.toAbsolutePath())) {
        urls.add(path.toUri().toURL());
      }
    }
    assertThat(urls).as("the test class path").hasSizeGreaterThan(5);
    return new URLClassLoader(
        "without-" + driverJar.getFileName(),
        urls.toArray(new URL[0]),
        ClassLoader.getPlatformClassLoader());
  }
}
