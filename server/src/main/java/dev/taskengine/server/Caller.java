package dev.taskengine.server;

import java.util.Set;

/**
 * Who a verified request acts for, as its signature or token proves it.
 *
 * @param account the account
 * @param credentialId the access key id, or for a bearer token {@code token:} and the first 12 hex
 *     digits of its SHA-256 (never the token): what a log or a per-credential limit may name
 * @param signedHeaders the lower-case names of the headers the signature covers (none for RPC
 *     signature v1 and tokens): only these may decide anything
 */
record Caller(ServerConfig.Account account, String credentialId, Set<String> signedHeaders) {
  Caller {
    signedHeaders = Set.copyOf(signedHeaders);
  }

  /** The credential id of a bearer token. */
  static String tokenId(String token) {
    return "token:" + Crypto.sha256Hex(token).substring(0, 12);
  }
}
