package dev.taskengine.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hashes and MACs of the request signatures and of stored token hashes, on the JDK alone (the
 * {@link SignRequest} tool runs from the compiled classes without the server's dependencies).
 * Stateless and thread-safe.
 */
final class Crypto {
  private static final HexFormat HEX = HexFormat.of();

  private Crypto() {}

  /** Lower-case hex SHA-256 of {@code bytes}. */
  static String sha256Hex(byte[] bytes) {
    return HEX.formatHex(sha256(bytes));
  }

  /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}. */
  static String sha256Hex(String text) {
    return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** {@code algorithm} (HmacSHA1, HmacSHA256) of the UTF-8 bytes of {@code data}. */
  static byte[] hmac(String algorithm, byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot compute " + algorithm, e);
    }
  }

  static String hex(byte[] bytes) {
    return HEX.formatHex(bytes);
  }

  /**
   * Whether two strings are equal, in time that depends on their lengths only, not on where they
   * first differ: a signature or token compared this way does not leak how much of it was right.
   */
  static boolean constantTimeEquals(String expected, String actual) {
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
  }
}
