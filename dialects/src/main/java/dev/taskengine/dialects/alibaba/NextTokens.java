package dev.taskengine.dialects.alibaba;

import dev.taskengine.dialects.ApiErrorException;
import java.util.Base64;

/**
 * NextToken as Alibaba clients see it: the engine's signed page token (base64url without padding)
 * re-encoded as standard base64 with padding, the alphabet of the documents' examples ({@code
 * AAAAAV3MpHK1AP0pfERHZN5pu6kU+SQXzm0H9mu/FiSc...}). The bytes, and so the signature, are the
 * engine's; only the spelling changes.
 *
 * <p>Such tokens contain {@code +}, {@code /} and {@code =}, which clients must URL-encode. Reading
 * forgives the usual slips: a {@code +} that arrived as a space (decoded as form data after the
 * client did not encode it), missing padding, and the base64url alphabet. Thread-safe.
 */
public final class NextTokens {
  /** Longer than any token the engine issues (1,024 base64url characters) in this spelling. */
  static final int MAX_CHARS = 1_400;

  private NextTokens() {}

  /** The vendor spelling of an engine token. */
  public static String toVendor(String engineToken) {
    return Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(engineToken));
  }

  /**
   * The engine token behind a vendor NextToken.
   *
   * @throws ApiErrorException InvalidParameter.NextToken when it is too long or not base64
   */
  public static String toEngine(String vendorToken) {
    if (vendorToken.length() > MAX_CHARS) {
      throw new ApiErrorException(
          AlibabaErrors.invalidNextToken("longer than " + MAX_CHARS + " characters"));
    }
    String standard = vendorToken.replace(' ', '+').replace('-', '+').replace('_', '/');
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(standard);
    } catch (IllegalArgumentException e) {
      throw new ApiErrorException(AlibabaErrors.invalidNextToken("not base64"), e);
    }
    if (bytes.length == 0) {
      throw new ApiErrorException(AlibabaErrors.invalidNextToken("empty"));
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
