package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainOptionsTest {

  @Test
  void demoNeedsNothingElseAndBindsToLoopback() {
    Main.Options options = Main.Options.parse(List.of("--demo"), null);
    assertThat(options.demo()).isTrue();
    assertThat(options.bind()).isEqualTo("127.0.0.1");
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.db()).isNull();
  }

  @Test
  void readsEveryFlag() {
    Main.Options options =
        Main.Options.parse(
            List.of(
                "--config",
                "conf.json",
                "--db",
                "jdbc:postgresql://db:5432/tasks",
                "--db-user",
                "app",
                "--bind",
                "0.0.0.0",
                "--port",
                "0"),
            "from-env");
    assertThat(options.config()).isEqualTo(Path.of("conf.json"));
    assertThat(options.db()).isEqualTo("jdbc:postgresql://db:5432/tasks");
    assertThat(options.dbUser()).isEqualTo("app");
    assertThat(options.dbPassword()).isEqualTo("from-env");
    assertThat(options.bind()).isEqualTo("0.0.0.0");
    assertThat(options.port()).isZero();
  }

  @Test
  void refusesWhatItCannotUse() {
    for (List<String> bad :
        List.of(
            List.<String>of(),
            List.of("--demo", "--port", "x"),
            List.of("--demo", "--port", "70000"),
            List.of("--demo", "--port"),
            List.of("--demo", "--db", "jdbc:mysql://x"),
            List.of("--demo", "--config", "--port"),
            List.of("--demo", "--verbose"))) {
      assertThatThrownBy(() -> Main.Options.parse(bad, null))
          .as(bad.toString())
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
