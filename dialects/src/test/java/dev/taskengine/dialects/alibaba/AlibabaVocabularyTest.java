package dev.taskengine.dialects.alibaba;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.taskengine.api.TaskStatus;
import dev.taskengine.dialects.ApiErrorException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlibabaVocabularyTest {

  @Test
  void statusesMapToTheVendorWordsAndBack() {
    assertThat(AlibabaStatus.toVendor(TaskStatus.PENDING)).isEqualTo("Processing");
    assertThat(AlibabaStatus.toVendor(TaskStatus.RUNNING)).isEqualTo("Processing");
    assertThat(AlibabaStatus.toVendor(TaskStatus.CANCELLING)).isEqualTo("Processing");
    assertThat(AlibabaStatus.toVendor(TaskStatus.SUCCEEDED)).isEqualTo("Finished");
    assertThat(AlibabaStatus.toVendor(TaskStatus.FAILED)).isEqualTo("Failed");
    assertThat(AlibabaStatus.toVendor(TaskStatus.CANCELLED)).isEqualTo("Cancelled");
    for (TaskStatus status : TaskStatus.values()) {
      assertThat(AlibabaStatus.fromVendor(AlibabaStatus.toVendor(status)).orElseThrow())
          .contains(status);
    }
    assertThat(AlibabaStatus.fromVendor("Processing").orElseThrow())
        .isEqualTo(EnumSet.of(TaskStatus.PENDING, TaskStatus.RUNNING, TaskStatus.CANCELLING));
    assertThat(AlibabaStatus.fromVendor("Finished").orElseThrow())
        .isEqualTo(Set.of(TaskStatus.SUCCEEDED));
    assertThat(AlibabaStatus.fromVendor("processing")).isEmpty();
    assertThat(AlibabaStatus.fromVendor("Waiting")).isEmpty();
  }

  @Test
  void timesUseEachDocumentsPrecision() {
    Instant instant = Instant.parse("2020-11-24T12:50:59.999999Z");
    assertThat(AlibabaTimes.seconds(instant)).isEqualTo("2020-11-24T12:50:59Z");
    assertThat(AlibabaTimes.minutes(instant)).isEqualTo("2020-11-24T12:50Z");
    assertThat(AlibabaTimes.seconds(null)).isNull();
    assertThat(AlibabaTimes.parse("2020-11-23T15:10:00Z").orElseThrow().instant())
        .isEqualTo(Instant.parse("2020-11-23T15:10:00Z"));
    assertThat(AlibabaTimes.parse("2020-11-23T15:10Z").orElseThrow().precision())
        .isEqualTo(Duration.ofMinutes(1));
    assertThat(AlibabaTimes.parse("2020-11-23 15:10:00")).isEmpty();
    assertThat(AlibabaTimes.parse("2020-02-30T15:10:00Z")).isEmpty();
    assertThat(AlibabaTimes.parse("2020-11-23T15:10:00+08:00")).isEmpty();
  }

  @Test
  void nextTokensRoundTripThroughTheStandardAlphabet() {
    Random random = new Random(42);
    for (int length = 1; length < 200; length++) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      String engineToken = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      String vendor = NextTokens.toVendor(engineToken);
      assertThat(vendor).matches("[A-Za-z0-9+/]+=*");
      assertThat(NextTokens.toEngine(vendor)).isEqualTo(engineToken);
      // A '+' that arrived as a space, lost padding, or the base64url spelling all still read.
      assertThat(NextTokens.toEngine(vendor.replace('+', ' '))).isEqualTo(engineToken);
      assertThat(NextTokens.toEngine(vendor.replace("=", ""))).isEqualTo(engineToken);
      assertThat(NextTokens.toEngine(engineToken)).isEqualTo(engineToken);
    }
  }

  @Test
  void malformedNextTokensAreInvalidParameterNextToken() {
    for (String bad :
        new String[] {
          "abc$",
          "A",
          "====",
          "FFbc8N4E1iOlcSxC+8boa0HHH2LKWbggYUinyrZWvtS1oTrMYCg1HuMLGuftj0****",
          "x".repeat(1401)
        }) {
      assertThatThrownBy(() -> NextTokens.toEngine(bad))
          .isInstanceOfSatisfying(
              ApiErrorException.class,
              e -> {
                assertThat(e.error().httpStatus()).isEqualTo(400);
                assertThat(e.error().code()).isEqualTo("InvalidParameter.NextToken");
              });
    }
  }
}
