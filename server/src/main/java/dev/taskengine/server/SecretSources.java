package dev.taskengine.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the secrets of one config read come from: the environment, files relative to the config's
 * directory, or the config itself. Remembers whether any secret was inline (a config file that
 * holds one must not be readable by others) and collects warnings about secret files that others
 * can read. One per read; not thread-safe.
 */
final class SecretSources {
  /** The largest secret file read (a secret is at most 1,024 characters). */
  static final int MAX_FILE_BYTES = 16 * 1024;

  private final Map<String, String> environment;
  private final Path directory;
  private final List<String> warnings = new ArrayList<>();
  private boolean inline;

  SecretSources(Map<String, String> environment, Path directory) {
    this.environment = Map.copyOf(environment);
    this.directory = directory;
  }

  /** Resolves against the process environment and the working directory. */
  static SecretSources ofProcess() {
    return new SecretSources(System.getenv(), Path.of(""));
  }

  Secret inline(String field, String value) {
    inline = true;
    return checked(field, value, "is blank");
  }

  Secret environment(String field, String name) {
    String value = environment.get(name);
    return checked(field, value, "the environment variable " + name + " is not set or blank");
  }

  Secret file(String field, String name) {
    Path file = directory.resolve(name);
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      // Bounded: a path to a device or a log file must not fill the heap.
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (IOException | RuntimeException e) {
      // Names the file and the kind of failure, never the content.
      throw new IllegalArgumentException(
          field
              + ": cannot read the secret file "
              + file
              + " ("
              + e.getClass().getSimpleName()
              + ")");
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new IllegalArgumentException(
          field + ": the secret file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
    }
    String value = new String(bytes, StandardCharsets.UTF_8);
    if (value.endsWith("\r\n")) {
      value = value.substring(0, value.length() - 2);
    } else if (value.endsWith("\n")) {
      value = value.substring(0, value.length() - 1);
    }
    String permissions = readableByOthers(file);
    if (permissions != null) {
      warnings.add(
          field
              + ": the secret file "
              + file
              + " is readable by other users ("
              + permissions
              + "); chmod 600 it");
    }
    return checked(field, value, "the secret file " + file + " is empty");
  }

  /** Whether any secret was given inline. */
  boolean sawInlineSecret() {
    return inline;
  }

  /** What should be fixed but does not stop the server. */
  List<String> warnings() {
    return List.copyOf(warnings);
  }

  /**
   * The file's permissions (as {@code rw-r--r--}) when its group or others may read it, or null
   * when they may not or the file system has no POSIX permissions.
   */
  static String readableByOthers(Path file) {
    PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (view == null) {
      return null;
    }
    try {
      Set<PosixFilePermission> permissions = view.readAttributes().permissions();
      if (permissions.contains(PosixFilePermission.GROUP_READ)
          || permissions.contains(PosixFilePermission.OTHERS_READ)) {
        return PosixFilePermissions.toString(permissions);
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Secret checked(String field, String value, String problem) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + ": " + problem);
    }
    return Secret.of(value);
  }
}
