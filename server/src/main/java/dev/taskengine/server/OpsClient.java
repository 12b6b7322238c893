package dev.taskengine.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.taskengine.api.Lease;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A provider's worker's side of the operators' API ({@link OpsApi}, {@code /ops/v1}): claims a
 * tenant's PENDING tasks, heartbeats them and reports on them as the lease holder, over the JDK's
 * HTTP client with an operator's bearer token, as a worker process outside the server does. The
 * demo's workers use it. Request bodies are {@link OpsApi}'s own records and answers are read into
 * {@link OpsTask} with the server's {@link Json} mapper, so the client cannot disagree with the API
 * on a field.
 *
 * <p>An error answer is an {@link ErrorAnswer} carrying the status and the API's code ({@link
 * ErrorAnswer#leaseLost()} for 409 {@code LEASE_LOST}); a failure to reach the server is an {@link
 * UncheckedIOException}. Thread-safe.
 */
final class OpsClient {
  /** The longest one call may take, connecting included. */
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final String authorization;
  private final HttpClient http;

  /**
   * A client of the server at {@code base} ({@code http://127.0.0.1:8080/}) calling as the operator
   * whose token is {@code operatorToken}; {@code tls} says which certificates to trust over HTTPS
   * (null: the JDK's default trust store).
   */
  OpsClient(URI base, String operatorToken, SSLContext tls) {
    this.base = base;
    this.authorization = "Bearer " + operatorToken;
    HttpClient.Builder builder =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT);
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
  }

  /**
   * Trusts the certificates of a key store (PKCS12 or JKS, opened with {@code password}): a worker
   * of a server that serves HTTPS with that key store's self-signed certificate.
   */
  static SSLContext trusting(Path keyStore, String password) {
    try {
      KeyStore trusted = KeyStore.getInstance(keyStore.toFile(), password.toCharArray());
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the key store " + keyStore, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust the key store " + keyStore, e);
    }
  }

  /** An error answer of the operators' API. */
  static final class ErrorAnswer extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;

    ErrorAnswer(int status, String code, String message) {
      super(status + " " + code + ": " + message);
      this.status = status;
      this.code = code;
    }

    int status() {
      return status;
    }

    String code() {
      return code;
    }

    /** Whether the caller no longer holds the task's lease: the sweeper retried or decided it. */
    boolean leaseLost() {
      return status == 409 && "LEASE_LOST".equals(code);
    }
  }

  /**
   * Claims up to {@code limit} of {@code tenant}'s PENDING tasks of {@code types} for {@code owner}
   * under a lease of {@code lease} (whole seconds); oldest first, empty when none is available.
   */
  List<OpsTask> claim(String tenant, String owner, Duration lease, List<String> types, int limit) {
    OpsApi.ClaimBody body = new OpsApi.ClaimBody(owner, lease.toSeconds(), limit, types, null);
    return post("/ops/v1/tenants/" + tenant + "/claims", body, OpsApi.ClaimedTasks.class).tasks();
  }

  /**
   * Extends the lease by {@code extension} (whole seconds); the answer says CANCELLING if asked.
   */
  OpsTask heartbeat(Lease lease, Duration extension) {
    return post(
        task(lease) + "/heartbeat",
        new OpsApi.HeartbeatBody(
            lease.owner(), lease.attempt(), extension.toSeconds(), /* progress= */ null),
        OpsTask.class);
  }

  /** The lease holder's SUCCEEDED with {@code result}. */
  OpsTask succeed(Lease lease, String result) {
    return report(lease, "SUCCEEDED", result, null, null);
  }

  /** The lease holder's FAILED with an error code and message. */
  OpsTask fail(Lease lease, String errorCode, String errorMessage) {
    return report(lease, "FAILED", null, errorCode, errorMessage);
  }

  /** The lease holder confirms the cancellation a heartbeat told it of. */
  OpsTask confirmCancelled(Lease lease) {
    return report(lease, "CANCELLED", null, null, null);
  }

  private OpsTask report(
      Lease lease, String status, String result, String errorCode, String errorMessage) {
    return post(
        task(lease) + "/report",
        new OpsApi.ReportBody(
            status, result, errorCode, errorMessage, lease.owner(), lease.attempt()),
        OpsTask.class);
  }

  private static String task(Lease lease) {
    return "/ops/v1/tenants/" + lease.tenant() + "/tasks/" + lease.taskId();
  }

  private <T> T post(String path, Object body, Class<T> answer) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(TIMEOUT)
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
            .build();
    HttpResponse<byte[]> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException("POST " + path + ": " + e, e);
    } catch (InterruptedException e) {
      // The caller is being stopped: keep the flag for it to see.
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(
          "POST " + path + ": interrupted", new InterruptedIOException());
    }
    try {
      if (response.statusCode() != 200) {
        OpsApi.ErrorBody error = Json.MAPPER.readValue(response.body(), OpsApi.ErrorBody.class);
        throw new ErrorAnswer(response.statusCode(), error.code(), error.message());
      }
      return Json.MAPPER.readValue(response.body(), answer);
    } catch (JsonProcessingException e) {
      throw new ErrorAnswer(
          response.statusCode(),
          "UNREADABLE_ANSWER",
          "not the API's JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
