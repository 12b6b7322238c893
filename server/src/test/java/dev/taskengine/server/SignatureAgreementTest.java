package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.aliyun.tea.TeaRequest;
import com.aliyuncs.auth.HmacSHA1Signer;
import com.aliyuncs.auth.RpcSignatureComposer;
import com.aliyuncs.http.MethodType;
import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import dev.taskengine.tck.Seeds;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The server's signature functions (which verify requests and which {@link TestSigner} signs with)
 * give the very signatures the vendors' own SDK signers give, on random parameters full of the
 * characters that bite: space, {@code + / = * ~ %}, commas, non-ASCII. Prints its seed; rerun one
 * with -Dtaskengine.seed=SEED.
 */
class SignatureAgreementTest {
  private static final String[] PIECES = {
    "a",
    "Z",
    "0",
    " ",
    "+",
    "/",
    "=",
    "*",
    "~",
    "%",
    ",",
    "&",
    "-",
    "_",
    ".",
    "é",
    "中",
    "\uD83D\uDE00"
  };
  private static final String SECRET = "a-secret-of-thirty-two-characters-or-more";

  private static Random random(String test) {
    return new Random(Seeds.seed("SignatureAgreementTest." + test));
  }

  private static String value(Random random) {
    StringBuilder value = new StringBuilder();
    int length = 1 + random.nextInt(12);
    for (int i = 0; i < length; i++) {
      value.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return value.toString();
  }

  private static Map<String, String> parameters(Random random) {
    Map<String, String> params = new HashMap<>();
    params.put("Action", "DescribeTasks");
    params.put("Version", "2023-09-30");
    params.put("AccessKeyId", "LTAI5tAlphaKey0001");
    int count = random.nextInt(6);
    for (int i = 0; i < count; i++) {
      params.put("P" + random.nextInt(1000) + (random.nextBoolean() ? ".1" : ""), value(random));
    }
    return params;
  }

  @Test
  void rpcSignatureV1IsTheTeaSdksAndAliyunJavaSdkCores() throws Exception {
    Random random = random("rpcSignatureV1IsTheTeaSdksAndAliyunJavaSdkCores");
    for (int i = 0; i < 300; i++) {
      Map<String, String> params = parameters(random);
      String method = random.nextBoolean() ? "GET" : "POST";
      String ours = AlibabaSignatures.rpcV1Signature(SECRET, method, params);
      assertThat(ours)
          .as("tea, %s %s", method, params)
          .isEqualTo(com.aliyun.openapiutil.Client.getRPCSignature(params, method, SECRET));
      HmacSHA1Signer signer = new HmacSHA1Signer();
      String stringToSign =
          RpcSignatureComposer.getComposer()
              .composeStringToSign(MethodType.valueOf(method), null, signer, params, null, null);
      assertThat(AlibabaSignatures.rpcV1StringToSign(method, params)).isEqualTo(stringToSign);
      assertThat(ours).as("core 4.x").isEqualTo(signer.signString(stringToSign, SECRET + "&"));
    }
  }

  @Test
  void acs3HmacSha256IsTheTeaSdks() throws Exception {
    Random random = random("acs3HmacSha256IsTheTeaSdks");
    for (int i = 0; i < 300; i++) {
      TeaRequest request = new TeaRequest();
      request.method = random.nextBoolean() ? "GET" : "POST";
      request.pathname = "/";
      request.query = parameters(random);
      request.query.remove("AccessKeyId");
      request.headers = new HashMap<>();
      request.headers.put("host", "127.0.0.1:" + (1024 + random.nextInt(60000)));
      request.headers.put("x-acs-action", "DescribeTasks");
      request.headers.put("x-acs-version", "2014-05-26");
      request.headers.put("x-acs-date", AlibabaSignatures.TIMESTAMP.format(Instant.now()));
      request.headers.put("x-acs-signature-nonce", UUID.randomUUID().toString());
      request.headers.put("user-agent", "not signed");
      String payload = Crypto.sha256Hex(value(random));
      request.headers.put("x-acs-content-sha256", payload);
      String authorization =
          com.aliyun.openapiutil.Client.getAuthorization(
              request, "ACS3-HMAC-SHA256", payload, "LTAI5tAlphaKey0001", SECRET);

      AuthorizationHeader header = AuthorizationHeader.parse(authorization).orElseThrow();
      List<String> signedHeaders = header.signedHeaders().orElseThrow();
      assertThat(signedHeaders).doesNotContain("user-agent").contains("host", "x-acs-date");
      String canonical =
          CanonicalRequest.of(
              request.method,
              "/",
              AlibabaSignatures.acs3CanonicalQuery(request.query),
              signedHeaders,
              request.headers::get,
              payload);
      assertThat(AlibabaSignatures.acs3Signature(SECRET, canonical))
          .as("%s", request.query)
          .isEqualTo(header.get("Signature").orElseThrow());
      assertThat(
              AlibabaSignatures.acs3Authorization(
                  "LTAI5tAlphaKey0001",
                  signedHeaders,
                  AlibabaSignatures.acs3Signature(SECRET, canonical)))
          .isEqualTo(authorization);
    }
  }

  @Test
  void sdkHmacSha256IsTheHuaweiSdks() {
    Random random = random("sdkHmacSha256IsTheHuaweiSdks");
    for (int i = 0; i < 300; i++) {
      Map<String, String> query = new LinkedHashMap<>();
      int count = random.nextInt(4);
      for (int j = 0; j < count; j++) {
        query.put("q" + random.nextInt(100), value(random));
      }
      String path =
          random.nextBoolean()
              ? "/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/cloud-phone/jobs"
              : "/v1/instances/tasks/t-" + random.nextInt(1000);
      String sdkDate = HuaweiSignatures.SDK_DATE.format(Instant.now());
      HttpRequest.HttpRequestBuilder builder =
          HttpRequest.newBuilder()
              .withMethod(HttpMethod.GET)
              .withEndpoint("http://127.0.0.1:" + (1024 + random.nextInt(60000)))
              .withPath(path)
              .addHeader("X-Sdk-Date", sdkDate)
              .addHeader("X-Project-Id", "0a1b2c3d4e5f60718293a4b5c6d7e8f9")
              .addHeader("User-Agent", "huaweicloud-usdk-java/3.0");
      query.forEach((name, value) -> builder.addQueryParam(name, List.of(value)));
      HttpRequest request = builder.build();
      Map<String, String> signed =
          AKSKSigner.getInstance()
              .sign(request, new BasicCredentials().withAk("HWALPHAAK0001").withSk(SECRET));

      AuthorizationHeader header =
          AuthorizationHeader.parse(signed.get("Authorization")).orElseThrow();
      List<String> signedHeaders = header.signedHeaders().orElseThrow();
      Map<String, String> values = new HashMap<>();
      values.put("host", request.getUrl().getAuthority());
      request.getHeaders().forEach((name, list) -> values.put(name.toLowerCase(), list.get(0)));
      Map<String, String> decodedQuery = new LinkedHashMap<>();
      try {
        FormData.decode(request.getUrl().getQuery(), decodedQuery);
      } catch (FormData.MalformedException e) {
        throw new AssertionError(e.getMessage());
      }
      assertThat(decodedQuery).isEqualTo(query);
      String canonical =
          CanonicalRequest.of(
              "GET",
              HuaweiSignatures.canonicalUri(request.getUrl().getPath()),
              HuaweiSignatures.canonicalQuery(decodedQuery),
              signedHeaders,
              values::get,
              Crypto.sha256Hex(new byte[0]));
      assertThat(HuaweiSignatures.signature(SECRET, sdkDate, canonical))
          .as("%s %s", path, query)
          .isEqualTo(header.get("Signature").orElseThrow());
      assertThat(
              HuaweiSignatures.authorization(
                  "HWALPHAAK0001",
                  signedHeaders,
                  HuaweiSignatures.signature(SECRET, sdkDate, canonical)))
          .isEqualTo(signed.get("Authorization"));
    }
  }
}
