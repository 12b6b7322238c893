package dev.taskengine.server;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Signs an Alibaba RPC request for curl, with RPC signature v1 (what the eds_aic SDK and
 * aliyun-java-sdk-core send), and prints the signed parameters as a query string or form body. The
 * access key comes from the environment variables the Alibaba SDKs read, {@code
 * ALIBABA_CLOUD_ACCESS_KEY_ID} and {@code ALIBABA_CLOUD_ACCESS_KEY_SECRET}, so that the secret is
 * not on the command line. It needs nothing but the JDK and the compiled server classes:
 *
 * <pre>
 * java -cp server/target/classes dev.taskengine.server.SignRequest [--method GET|POST] NAME=VALUE...
 * </pre>
 *
 * <p>Each {@code NAME=VALUE} is given plain (not URL-encoded); the tool adds {@code AccessKeyId},
 * {@code SignatureMethod}, {@code SignatureVersion}, {@code SignatureNonce}, {@code Timestamp} and
 * {@code Signature}. A signed request is good for 15 minutes and once only.
 */
final class SignRequest {
  static final String USAGE =
      "usage: SignRequest [--method GET|POST] NAME=VALUE...\n"
          + "  with ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET set;\n"
          + "  prints the signed parameters, URL-encoded, for a query string or a form body";

  private SignRequest() {}

  public static void main(String[] args) {
    String accessKeyId = System.getenv("ALIBABA_CLOUD_ACCESS_KEY_ID");
    String secret = System.getenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    if (accessKeyId == null || accessKeyId.isBlank() || secret == null || secret.isBlank()) {
      System.err.println(
          "SignRequest: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET");
      System.err.println(USAGE);
      System.exit(2);
      return;
    }
    try {
      System.out.println(signedQuery(List.of(args), accessKeyId, secret, Clock.systemUTC()));
    } catch (IllegalArgumentException e) {
      System.err.println("SignRequest: " + e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    }
  }

  /**
   * The signed, RFC 3986-encoded {@code name=value&...} text of the arguments ({@code --method M}
   * then {@code NAME=VALUE} pairs), signed at {@code clock}'s time with a random nonce.
   *
   * @throws IllegalArgumentException when an argument is not {@code NAME=VALUE} or a name repeats
   */
  static String signedQuery(List<String> args, String accessKeyId, String secret, Clock clock) {
    String method = "GET";
    List<String> rest = new ArrayList<>(args);
    if (rest.size() >= 2 && rest.get(0).equals("--method")) {
      method = rest.get(1);
      rest = rest.subList(2, rest.size());
      if (!method.equals("GET") && !method.equals("POST")) {
        throw new IllegalArgumentException("--method: GET or POST, was " + method);
      }
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : rest) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("not NAME=VALUE: " + pair);
      }
      if (params.put(pair.substring(0, equals), pair.substring(equals + 1)) != null) {
        throw new IllegalArgumentException("given twice: " + pair.substring(0, equals));
      }
    }
    params.put("AccessKeyId", accessKeyId);
    params.put("SignatureMethod", AlibabaSignatures.RPC_V1_METHOD);
    params.put("SignatureVersion", AlibabaSignatures.RPC_V1_VERSION);
    params.put("SignatureNonce", UUID.randomUUID().toString());
    params.put("Timestamp", AlibabaSignatures.TIMESTAMP.format(clock.instant()));
    params.put("Signature", AlibabaSignatures.rpcV1Signature(secret, method, params));
    return Rfc3986.encodePairs(params);
  }
}
