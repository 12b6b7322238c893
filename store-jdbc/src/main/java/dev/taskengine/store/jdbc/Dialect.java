package dev.taskengine.store.jdbc;

import dev.taskengine.api.InvalidRequestException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import org.jdbi.v3.core.argument.Argument;

/**
 * What differs between the two databases the store supports: where their SQL and schema files are,
 * and how text and timestamps travel. Everything else is in the dialect's SQL file.
 */
enum Dialect {
  /** SQLite: timestamps as INTEGER epoch microseconds; text as given (U+0000 survives binding). */
  SQLITE("sqlite", "jdbc:sqlite:") {
    @Override
    Argument text(String value) {
      return (position, statement, context) -> {
        if (value == null) {
          statement.setNull(position, Types.VARCHAR);
        } else {
          statement.setString(position, value);
        }
      };
    }

    @Override
    String text(ResultSet row, int column) throws SQLException {
      return row.getString(column);
    }

    @Override
    Argument timestamp(Instant value) {
      return (position, statement, context) -> {
        if (value == null) {
          statement.setNull(position, Types.BIGINT);
        } else {
          statement.setLong(position, epochMicros(value));
        }
      };
    }

    @Override
    Instant timestamp(ResultSet row, int column) throws SQLException {
      long micros = row.getLong(column);
      return row.wasNull() ? null : fromEpochMicros(micros);
    }
  },

  /** PostgreSQL: timestamptz (microseconds); text through {@link NulEscape}. */
  POSTGRESQL("postgresql", "jdbc:postgresql:") {
    @Override
    Argument text(String value) {
      return (position, statement, context) -> {
        if (value == null) {
          statement.setNull(position, Types.VARCHAR);
        } else {
          statement.setString(position, NulEscape.encode(value));
        }
      };
    }

    @Override
    String text(ResultSet row, int column) throws SQLException {
      return NulEscape.decode(row.getString(column));
    }

    @Override
    Argument timestamp(Instant value) {
      return (position, statement, context) -> {
        if (value == null) {
          statement.setNull(position, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
          statement.setObject(position, OffsetDateTime.ofInstant(value, ZoneOffset.UTC));
        }
      };
    }

    @Override
    Instant timestamp(ResultSet row, int column) throws SQLException {
      OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
      return value == null ? null : value.toInstant();
    }
  };

  private final String directory;
  private final String urlPrefix;

  Dialect(String directory, String urlPrefix) {
    this.directory = directory;
    this.urlPrefix = urlPrefix;
  }

  /** A bind of a text value, encoded as this database stores it. */
  abstract Argument text(String value);

  /** The text in column {@code column} (1-based), decoded. */
  abstract String text(ResultSet row, int column) throws SQLException;

  /** A bind of a timestamp (null allowed). */
  abstract Argument timestamp(Instant value);

  /** The timestamp in column {@code column} (1-based), or null. */
  abstract Instant timestamp(ResultSet row, int column) throws SQLException;

  /** The classpath location of this dialect's named statements. */
  String statementsResource() {
    return "/dev/taskengine/store/jdbc/sql/" + directory + ".sql";
  }

  /** The classpath location of this dialect's versioned schema file {@code fileName}. */
  String schemaResource(String fileName) {
    return "/dev/taskengine/store/jdbc/schema/" + directory + "/" + fileName;
  }

  static Dialect fromUrl(String url) {
    for (Dialect dialect : values()) {
      if (url.regionMatches(true, 0, dialect.urlPrefix, 0, dialect.urlPrefix.length())) {
        return dialect;
      }
    }
    throw new InvalidRequestException(
        "url",
        "must start with jdbc:sqlite: or jdbc:postgresql: (the databases this store supports)");
  }

  static Dialect fromProductName(String productName) {
    String name = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
    if (name.equals("sqlite")) {
      return SQLITE;
    }
    if (name.equals("postgresql")) {
      return POSTGRESQL;
    }
    throw new InvalidRequestException(
        "dataSource",
        "is a " + productName + " database; this store supports SQLite and PostgreSQL");
  }

  static long epochMicros(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }

  static Instant fromEpochMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }
}
