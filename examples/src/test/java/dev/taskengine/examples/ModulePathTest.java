package dev.taskengine.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.core.TaskEngines;
import dev.taskengine.dialects.ApiError;
import dev.taskengine.store.jdbc.JdbcTaskStore;
import dev.taskengine.store.memory.MemoryTaskStore;
import dev.taskengine.tck.Slow;
import io.leangen.geantyref.GenericTypeReflector;
import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.simple.SimpleLogger;

/**
 * The library jars as a host on the module path sees them: each module exports its public packages
 * and no {@code internal} one; a host module compiles and runs against the public API in a JVM of
 * its own, and does not compile when it imports an internal package. (Every other test runs on the
 * class path, where module boundaries do not apply.)
 *
 * <p>The modules are taken from where this test's class path has them: the reactor's {@code
 * target/classes} directories or jars, which the JDK reads as exploded or packaged modules alike.
 */
@Slow
class ModulePathTest {

  /** Each library module's exported packages, exactly: anything else it holds is closed. */
  private static final Map<String, Set<String>> EXPORTS =
      Map.of(
          "dev.taskengine.api",
          Set.of("dev.taskengine.api", "dev.taskengine.spi"),
          "dev.taskengine.core",
          Set.of("dev.taskengine.core"),
          "dev.taskengine.store.memory",
          Set.of("dev.taskengine.store.memory"),
          "dev.taskengine.store.jdbc",
          Set.of("dev.taskengine.store.jdbc"),
          "dev.taskengine.dialects",
          Set.of(
              "dev.taskengine.dialects",
              "dev.taskengine.dialects.alibaba",
              "dev.taskengine.dialects.huawei"));

  /** A host's module path: the library modules and what they run on, each by a class it holds. */
  private static final List<Class<?>> MODULE_PATH =
      List.of(
          TaskEngine.class,
          TaskEngines.class,
          MemoryTaskStore.class,
          JdbcTaskStore.class,
          ApiError.class,
          Logger.class,
          SimpleLogger.class,
          JsonProperty.class,
          JsonFactory.class,
          ObjectMapper.class,
          Jdbi.class,
          GenericTypeReflector.class,
          HikariDataSource.class,
          org.sqlite.JDBC.class,
          org.postgresql.Driver.class);

  /**
   * The host: an engine on each store, a dialect response through Jackson, the schema files read as
   * a host's Flyway reads them, and a try at the engine's internals by reflection.
   */
  private static final String HOST =
      """
      package host;

      import com.fasterxml.jackson.databind.ObjectMapper;
      import dev.taskengine.api.Task;
      import dev.taskengine.api.TaskEngine;
      import dev.taskengine.api.TaskSpec;
      import dev.taskengine.api.TokenKey;
      import dev.taskengine.api.TokenKeyRing;
      import dev.taskengine.core.TaskEngines;
      import dev.taskengine.dialects.huawei.CphListJobsResponse;
      import dev.taskengine.spi.TaskStore;
      import dev.taskengine.store.jdbc.JdbcTaskStore;
      import dev.taskengine.store.memory.MemoryTaskStore;
      import java.util.List;

      public final class Host {
        public static void main(String[] args) throws Exception {
          Task memory = startOneTask(new MemoryTaskStore());
          System.out.println("json " + new ObjectMapper()
              .writeValueAsString(CphListJobsResponse.of(List.of(memory), "req-1")));

          try (JdbcTaskStore sqlite =
              JdbcTaskStore.builder().url("jdbc:sqlite:" + args[0]).build()) {
            System.out.println("sqlite " + startOneTask(sqlite).status());
          }

          ClassLoader loader = ClassLoader.getSystemClassLoader();
          String jdbc = "dev/taskengine/store/jdbc/";
          System.out.println("schema " + (loader.getResource(jdbc + "schema/sqlite/V1__tasks.sql") != null));
          System.out.println("statements " + (loader.getResource(jdbc + "sql/sqlite.sql") != null));

          try {
            engine(new MemoryTaskStore()).getClass().getDeclaredConstructors()[0].setAccessible(true);
            System.out.println("internals open");
          } catch (RuntimeException e) {
            System.out.println("internals " + e.getClass().getSimpleName());
          }
        }

        private static Task startOneTask(TaskStore store) {
          TaskEngine engine = engine(store);
          Task task = engine.submit(TaskSpec.builder("tenant-1", "RebootInstance").resourceId("acp-1").build());
          return engine.start("tenant-1", task.id());
        }

        private static TaskEngine engine(TaskStore store) {
          return TaskEngines.builder()
              .store(store)
              .tokenKeys(TokenKeyRing.of(TokenKey.random("key-1")))
              .build();
        }
      }
      """;

  @Test
  void libraryModulesExportTheirPublicPackagesAndNoInternalOne() {
    Map<String, ModuleDescriptor> modules =
        ModuleFinder.of(modulePath().toArray(Path[]::new)).findAll().stream()
            .map(ModuleReference::descriptor)
            .filter(descriptor -> EXPORTS.containsKey(descriptor.name()))
            .collect(Collectors.toMap(ModuleDescriptor::name, descriptor -> descriptor));

    assertThat(modules).containsOnlyKeys(EXPORTS.keySet());
    modules.forEach(
        (name, descriptor) -> {
          assertThat(descriptor.isAutomatic()).as(name + " has a module-info").isFalse();
          assertThat(descriptor.isOpen()).as(name + " is an open module").isFalse();
          assertThat(descriptor.exports())
              .as(name + " exports to every module")
              .allMatch(export -> !export.isQualified());
          assertThat(
                  descriptor.exports().stream()
                      .map(ModuleDescriptor.Exports::source)
                      .collect(Collectors.toSet()))
              .as(name + " exports")
              .isEqualTo(EXPORTS.get(name));
        });
    // The internal packages exist, so their absence from the exports means something.
    assertThat(modules.get("dev.taskengine.core").packages())
        .contains("dev.taskengine.core.internal");
    assertThat(modules.get("dev.taskengine.dialects").packages())
        .contains("dev.taskengine.dialects.internal");
    // Only the schema files are opened: a host's Flyway reads them, nothing else is reflected on.
    assertThat(modules.get("dev.taskengine.store.jdbc").opens())
        .map(ModuleDescriptor.Opens::source)
        .containsExactlyInAnyOrder(
            "dev.taskengine.store.jdbc.schema.postgresql",
            "dev.taskengine.store.jdbc.schema.sqlite");
  }

  @Test
  void hostModuleRunsOnTheModulePathAndCannotReachTheInternals(@TempDir Path work)
      throws Exception {
    List<String> errors =
        compile(
            work,
            """
            module host {
              requires dev.taskengine.core;
              requires dev.taskengine.store.memory;
              requires dev.taskengine.store.jdbc;
              requires dev.taskengine.dialects;
              requires com.fasterxml.jackson.databind;
            }
            """,
            HOST);
    assertThat(errors).as("javac errors").isEmpty();

    // The SQLite driver is not required by the host: store-jdbc reads it because it is on the
    // module path (java.sql uses java.sql.Driver, so the boot layer binds it).
    List<String> modulePath = new ArrayList<>();
    modulePath.add(work.resolve("out").toString());
    modulePath().forEach(path -> modulePath.add(path.toString()));
    Process host =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--module-path",
                String.join(File.pathSeparator, modulePath),
                "--module",
                "host/host.Host",
                work.resolve("tasks.db").toString())
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("host.log").toFile())
            .start();
    boolean exited = host.waitFor(2, TimeUnit.MINUTES);
    if (!exited) {
      host.destroyForcibly();
    }
    String output = Files.readString(work.resolve("host.log"), StandardCharsets.UTF_8);
    assertThat(exited).as("host exited within two minutes; its output:%n%s", output).isTrue();

    assertThat(host.exitValue()).as("host's exit code; its output:%n%s", output).isZero();
    // Jackson read the dialect's records through their public accessors: nothing is opened to it.
    assertThat(output)
        .contains("json {\"request_id\":\"req-1\",\"jobs\":[{\"phone_id\":\"acp-1\",")
        .contains("sqlite RUNNING")
        .contains("schema true")
        .contains("statements false")
        .contains("internals InaccessibleObjectException");
  }

  @Test
  void hostModuleImportingAnInternalPackageDoesNotCompile(@TempDir Path work) throws Exception {
    List<String> errors =
        compile(
            work,
            """
            module host {
              requires dev.taskengine.core;
              requires dev.taskengine.dialects;
            }
            """,
            """
            package host;

            import dev.taskengine.core.internal.*;
            import dev.taskengine.dialects.internal.*;

            final class Host {}
            """);

    assertThat(errors)
        .as("javac errors")
        .anyMatch(error -> error.contains("package dev.taskengine.core.internal is not visible"))
        .anyMatch(
            error -> error.contains("package dev.taskengine.dialects.internal is not visible"));
  }

  private static List<Path> modulePath() {
    return MODULE_PATH.stream().map(ModulePathTest::location).distinct().toList();
  }

  private static Path location(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Compiles the module {@code host} (its module-info and one class {@code host.Host}) into {@code
   * work/out} on the library module path; returns javac's errors.
   */
  private static List<String> compile(Path work, String moduleInfo, String hostClass)
      throws Exception {
    Path sources = Files.createDirectories(work.resolve("src/host"));
    Path moduleInfoFile =
        Files.writeString(sources.resolve("module-info.java"), moduleInfo, StandardCharsets.UTF_8);
    Path hostFile =
        Files.writeString(
            Files.createDirectories(sources.resolve("host")).resolve("Host.java"),
            hostClass,
            StandardCharsets.UTF_8);
    Path out = Files.createDirectories(work.resolve("out"));

    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              "--release",
              "17",
              "--module-path",
              modulePath().stream()
                  .map(Path::toString)
                  .collect(Collectors.joining(File.pathSeparator)),
              "-d",
              out.toString());
      javac
          .getTask(
              null,
              files,
              diagnostics,
              options,
              null,
              files.getJavaFileObjectsFromPaths(List.of(moduleInfoFile, hostFile)))
          .call();
    }
    return diagnostics.getDiagnostics().stream()
        .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
        .map(diagnostic -> diagnostic.getMessage(null))
        .toList();
  }
}
