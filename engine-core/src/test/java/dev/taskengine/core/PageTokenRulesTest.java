package dev.taskengine.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.taskengine.api.InvalidPageTokenException;
import dev.taskengine.api.Level;
import dev.taskengine.api.Limits;
import dev.taskengine.api.Page;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskEngine;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.api.TaskStatus;
import dev.taskengine.api.TokenKey;
import dev.taskengine.api.TokenKeyRing;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Page tokens are opaque and signed: anything but an unexpired token the engine issued for this
 * tenant, filter and order, under a key its ring knows, is an {@link
 * dev.taskengine.api.InvalidPageTokenException}, never another exception and never a page. These go
 * through {@link dev.taskengine.api.TaskEngine#query}; the token format alone (every flipped bit,
 * every truncation, an unknown key id or a wrong secret) is checked in {@code PageTokensTest}.
 */
class PageTokenRulesTest extends EngineOnMemoryStore {

  static final int PAGE = 5;

  /** 30 tasks of the tenant, a look-alike in the other tenant, and the query the tests page. */
  private TaskQuery pagedQuery() {
    for (int i = 0; i < 30; i++) {
      engine.submit(TaskSpec.builder(tenant, TYPE).resourceId("res-" + i).build());
      engine.submit(TaskSpec.builder(otherTenant, TYPE).resourceId("res-" + i).build());
      clock.advance(Duration.ofMillis(1));
    }
    return TaskQuery.builder(tenant).types(TYPE).build();
  }

  private static String firstToken(TaskEngine engine, TaskQuery query) {
    return engine.query(query, PageRequest.first(PAGE)).nextToken().orElseThrow();
  }

  private static void assertRejected(
      TaskEngine engine, TaskQuery query, String token, String description) {
    Failures.expect(
        InvalidPageTokenException.class,
        description,
        () -> engine.query(query, new PageRequest(token, PAGE)));
  }

  private static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Test
  void truncatedOrExtendedTokenIsRejected() {
    TaskQuery query = pagedQuery();
    String token = firstToken(engine, query);
    for (int keep :
        new int[] {1, 2, 3, 4, token.length() / 2, token.length() - 2, token.length() - 1}) {
      assertRejected(engine, query, token.substring(0, keep), "the first " + keep + " characters");
      assertRejected(
          engine,
          query,
          token.substring(token.length() - keep),
          "the last " + keep + " characters");
    }
    byte[] bytes = Base64.getUrlDecoder().decode(token);
    for (int drop = 1; drop <= 33; drop += 8) {
      assertRejected(
          engine, query, encode(Arrays.copyOf(bytes, bytes.length - drop)), drop + " bytes short");
    }
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    assertRejected(engine, query, encode(longer), "three zero bytes appended");
    assertRejected(engine, query, token + "AAAA", "AAAA appended");
    assertRejected(engine, query, token + token, "the token twice");
  }

  @Test
  void garbageTokensAreRejected() {
    TaskQuery query = pagedQuery();
    String token = firstToken(engine, query);
    Random random = new Random(42);
    List<String> garbage =
        new ArrayList<>(
            List.of(
                " ",
                "   ",
                "\t",
                "\u0000",
                "=",
                "==",
                "A",
                "AA",
                "AAAA",
                "garbage",
                "not a token",
                "!!!!",
                "%00%01",
                "null",
                "{}",
                "😀😀😀",
                "中文令牌",
                "+" + token.substring(1),
                "/" + token.substring(1),
                token.substring(0, token.length() / 2) + "." + token.substring(token.length() / 2),
                token.toUpperCase(),
                token.toLowerCase(),
                new StringBuilder(token).reverse().toString(),
                encode("{\"tenant\":\"x\"}".getBytes(StandardCharsets.UTF_8))));
    for (int length : new int[] {1, 16, 32, 64, token.length(), 500, 760}) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      garbage.add(encode(bytes));
    }
    byte[] versionOnly = Base64.getUrlDecoder().decode(token);
    garbage.add(encode(Arrays.copyOf(versionOnly, 1)));
    for (String bad : garbage) {
      if (bad.equals(token)) {
        continue;
      }
      assertRejected(engine, query, bad, "token \"" + abbreviate(bad) + "\"");
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...(" + text.length() + " chars)";
  }

  @Test
  void oversizedTokenIsRejected() {
    TaskQuery query = pagedQuery();
    String token = firstToken(engine, query);
    assertRejected(engine, query, "A".repeat(100_000), "100,000 characters");
    assertRejected(engine, query, token + "A".repeat(100_000), "a valid token padded to 100 KB");
    assertRejected(engine, query, "A".repeat(1_025), "1,025 characters");
    byte[] big = new byte[100_000];
    new Random(7).nextBytes(big);
    assertRejected(engine, query, encode(big), "100 KB of random bytes");
  }

  @Test
  void tokenOfAnotherTenantIsRejected() {
    TaskQuery query = pagedQuery();
    String token = firstToken(engine, query);
    TaskQuery sameFilterOtherTenant = TaskQuery.builder(otherTenant).types(TYPE).build();
    assertRejected(engine, sameFilterOtherTenant, token, "a token of another tenant");

    String theirToken = firstToken(engine, sameFilterOtherTenant);
    assertRejected(engine, query, theirToken, "the other tenant's token in this tenant");
  }

  @Test
  void tokenWithAChangedFilterOrOrderIsRejected() {
    TaskQuery query = pagedQuery();
    String token = firstToken(engine, query);
    List<UnaryOperator<TaskQuery.Builder>> changes =
        List.of(
            q -> TaskQuery.builder(tenant),
            q -> q.types("Other"),
            q -> q.ids("some-id"),
            q -> q.resourceIds("res-1"),
            q -> q.invokeIds("inv"),
            q -> q.statuses(TaskStatus.PENDING),
            q -> q.level(Level.INSTANCE),
            q -> q.parentId("batch-id"),
            q -> q.resourceName("name"),
            q -> q.operator("op"),
            q -> q.createdBetween(START, null),
            q -> q.createdBetween(null, clock.instant().plusSeconds(60)),
            q -> q.order(SortOrder.OLDEST_FIRST));
    for (UnaryOperator<TaskQuery.Builder> change : changes) {
      TaskQuery changed = change.apply(query.toBuilder()).build();
      assertThat(changed).isNotEqualTo(query);
      assertRejected(engine, changed, token, "token of " + query + " used for " + changed);
    }
    assertThat(engine.query(query, PageRequest.after(token, PAGE)).items()).hasSize(PAGE);
  }

  @Test
  void tokenStaysValidUntilItsTimeToLiveEnds() {
    Duration ttl = Duration.ofHours(1);
    TaskEngine engine =
        engineBuilder().limits(Limits.defaults().toBuilder().pageTokenTtl(ttl).build()).build();
    TaskQuery query = pagedQuery();
    String token = firstToken(engine, query);

    clock.advance(ttl.minusMinutes(1));
    Page<Task> second = engine.query(query, PageRequest.after(token, PAGE));
    assertThat(second.items()).hasSize(PAGE);
    String laterToken = second.nextToken().orElseThrow();

    clock.advance(Duration.ofMinutes(1).plusSeconds(1));
    assertRejected(engine, query, token, "a token past its time to live");
    assertThat(engine.query(query, PageRequest.after(laterToken, PAGE)).items())
        .as("a token issued later expires later")
        .hasSize(PAGE);

    clock.advance(ttl);
    assertRejected(engine, query, laterToken, "the later token past its time to live");

    TaskEngine defaults = engine;
    String dayToken = firstToken(defaults, query);
    clock.advance(Limits.defaults().pageTokenTtl().plusSeconds(1));
    assertRejected(defaults, query, dayToken, "a token past the default 24 hours");
  }

  @Test
  void tokenSignedByARetiredKeyIsStillAccepted() {
    TokenKey oldKey = TokenKey.random("old-key");
    TokenKey newKey = TokenKey.random("new-key");
    TaskEngine before = engineBuilder().tokenKeys(TokenKeyRing.of(oldKey)).build();
    TaskEngine after = engineBuilder().tokenKeys(TokenKeyRing.of(newKey, oldKey)).build();
    TaskQuery query = pagedQuery();
    String oldToken = firstToken(before, query);

    Page<Task> viaNewRing = after.query(query, PageRequest.after(oldToken, PAGE));
    assertThat(viaNewRing.items())
        .isEqualTo(before.query(query, PageRequest.after(oldToken, PAGE)).items())
        .hasSize(PAGE);

    String newToken = viaNewRing.nextToken().orElseThrow();
    assertThat(after.query(query, PageRequest.after(newToken, PAGE)).items()).hasSize(PAGE);
    assertRejected(before, query, newToken, "a token of a key the old ring does not know");
  }

  @Test
  void tokenSurvivesANewEngineWithTheSameKeys() {
    TaskQuery query = pagedQuery();
    String token = firstToken(engine, query);
    TaskEngine restarted = engineBuilder().build();
    assertThat(restarted.query(query, PageRequest.after(token, PAGE)).items())
        .isEqualTo(engine.query(query, PageRequest.after(token, PAGE)).items())
        .hasSize(PAGE);
  }
}
