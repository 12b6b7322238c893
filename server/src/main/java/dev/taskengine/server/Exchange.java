package dev.taskengine.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One HTTP request and its response, as the API handlers see them: method, decoded path, raw query
 * string, headers, a body read at most once and capped, and one way to answer. Not thread-safe;
 * used by the one thread that handles the request.
 */
final class Exchange {
  /** Largest request body read (form or JSON); larger bodies are refused. */
  static final int MAX_BODY_BYTES = 1 << 20;

  /** The body is larger than {@link #MAX_BODY_BYTES}. */
  static final class BodyTooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    BodyTooLargeException() {
      super("the request body is larger than " + MAX_BODY_BYTES + " bytes");
    }
  }

  private final Request request;
  private final Response response;
  private final Callback callback;
  private final ServerLimits limits;
  private byte[] body;
  private boolean answered;

  Exchange(Request request, Response response, Callback callback, ServerLimits limits) {
    this.request = request;
    this.response = response;
    this.callback = callback;
    this.limits = limits;
  }

  String method() {
    return request.getMethod();
  }

  /** The decoded path, for example {@code /v1/instances/tasks/abc}. */
  String path() {
    return Request.getPathInContext(request);
  }

  /** The path as sent, still percent-encoded (what the signatures canonicalize). */
  String rawPath() {
    return request.getHttpURI().getPath();
  }

  /** The query string as sent (still percent-encoded), or null. */
  String rawQuery() {
    return request.getHttpURI().getQuery();
  }

  /** The first value of a header (case-insensitive name), or null. */
  String header(String name) {
    return request.getHeaders().get(name);
  }

  /** How many times a header is given (case-insensitive name). */
  int headerCount(String name) {
    return request.getHeaders().getValuesList(name).size();
  }

  /** The names of the headers given, lower case, each once. */
  Set<String> headerNames() {
    Set<String> names = new TreeSet<>();
    for (HttpField field : request.getHeaders()) {
      names.add(field.getLowerCaseName());
    }
    return names;
  }

  /** The media type of the body without parameters, lower case, or null. */
  String mediaType() {
    String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
    if (type == null) {
      return null;
    }
    int semicolon = type.indexOf(';');
    return (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }

  /**
   * The body (empty when there is none, chunked or not), read once: the bytes {@link Admission}
   * already read without holding a thread, or read here.
   *
   * @throws BodyTooLargeException when it is larger than {@link #MAX_BODY_BYTES}
   * @throws IOException when it could not be read
   */
  byte[] body() throws IOException, BodyTooLargeException {
    if (body == null && request.getAttribute(Admission.BODY_TOO_LARGE) != null) {
      throw new BodyTooLargeException();
    }
    if (body == null && request.getAttribute(Admission.BODY) instanceof byte[] read) {
      body = read;
    }
    if (body == null) {
      try (InputStream in = Content.Source.asInputStream(request)) {
        byte[] read = in.readNBytes(MAX_BODY_BYTES + 1);
        if (read.length > MAX_BODY_BYTES) {
          throw new BodyTooLargeException();
        }
        body = read;
      }
    }
    return body;
  }

  /**
   * Answers with a complete body; the first answer wins, later ones are ignored. A 503 (the store
   * is down) says when to retry with {@link ServerLimits#retryAfter()}, a 429 (the caller's rate
   * limit) with its period.
   */
  void send(int status, String contentType, Map<String, String> headers, byte[] content) {
    if (answered) {
      return;
    }
    answered = true;
    response.setStatus(status);
    HttpFields.Mutable fields = response.getHeaders();
    fields.put(HttpHeader.CONTENT_TYPE, contentType);
    headers.forEach(fields::put);
    if (status == 503) {
      fields.put(HttpHeader.RETRY_AFTER, Long.toString(limits.retryAfterSeconds()));
    } else if (status == 429) {
      long seconds = Math.max(1, (limits.ratePeriod().toMillis() + 999) / 1000);
      fields.put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
    }
    fields.put(new HttpField(HttpHeader.CONTENT_LENGTH, Integer.toString(content.length)));
    response.write(true, ByteBuffer.wrap(content), callback);
  }

  boolean answered() {
    return answered;
  }
}
