package dev.taskengine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.aliyun.tea.TeaException;
import com.aliyun.teaopenapi.models.Config;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.IAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.exception.ServiceResponseException;
import com.huaweicloud.sdk.core.http.HttpConfig;
import com.huaweicloud.sdk.cph.v1.CphClient;
import com.huaweicloud.sdk.cph.v1.model.Job;
import com.huaweicloud.sdk.cph.v1.model.ListJobsRequest;
import com.huaweicloud.sdk.cph.v1.model.ListJobsResponse;
import com.huaweicloud.sdk.koophone.v1.KooPhoneClient;
import com.huaweicloud.sdk.koophone.v1.model.ExecuteJobRequest;
import com.huaweicloud.sdk.koophone.v1.model.ExecuteJobResponse;
import com.huaweicloud.sdk.koophone.v1.model.JobDetail;
import dev.taskengine.api.BatchSpec;
import dev.taskengine.api.ChildSpec;
import dev.taskengine.api.PageRequest;
import dev.taskengine.api.SortOrder;
import dev.taskengine.api.Task;
import dev.taskengine.api.TaskQuery;
import dev.taskengine.api.TaskSpec;
import dev.taskengine.tck.MutableClock;
import dev.taskengine.tck.Slow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The vendors' own Java SDKs, pointed at the running server over plain HTTP, list tasks from it
 * (paging included) and parse its errors. Each SDK signs its requests as it does against the real
 * clouds (RPC signature v1 for eds_aic and aliyun-java-sdk-core, ACS3-HMAC-SHA256 for ecs,
 * SDK-HMAC-SHA256 for Huawei), and the server verifies each: with a wrong secret, or with the
 * server's clock moved 16 minutes away from the SDK's, every SDK gets its vendor's signature error.
 */
@Slow
class VendorSdkTest extends HttpTestBase {
  private static final String CLOUD_PHONE_INVOKE_ID = "SDK-PAGING-0001";
  private static final String CPH_REQUEST_ID = "5dk0000aaaabbbbccccddddeeeeffff1";
  private static final int PHONES = 249;
  private static final int IMAGES = 120;
  private static final int JOBS = 230;
  private static final int INSTANCES = 150;

  private final MutableClock clock = MutableClock.at(Instant.now());

  private Task phoneBatch;
  private final Set<String> imageIds = new HashSet<>();
  private Task command;

  @BeforeAll
  void createTasks() {
    String cloudPhone = Tenants.cloudPhone("alpha", "cn-hangzhou");
    BatchSpec.Builder phones =
        BatchSpec.builder(cloudPhone, "RebootInstance")
            .invokeId(CLOUD_PHONE_INVOKE_ID)
            .operator("sdk-test");
    for (int i = 0; i < PHONES; i++) {
      phones.child(new ChildSpec("acp-sdk-" + i, "phone-" + i, null));
    }
    phoneBatch = engine.submitBatch(phones.build());
    Task first = children(cloudPhone, phoneBatch.id()).get(0);
    engine.start(cloudPhone, first.id());
    engine.fail(cloudPhone, first.id(), "SendFileFailed", "connect error.");

    String ecs = Tenants.ecs("alpha", "cn-hangzhou");
    for (int i = 0; i < IMAGES; i++) {
      imageIds.add(
          engine
              .submit(TaskSpec.builder(ecs, "ImportImage").resourceId("m-sdk-" + i).build())
              .id());
    }

    String cph = Tenants.cph("alpha", ALPHA_PROJECT);
    BatchSpec.Builder jobs = BatchSpec.builder(cph, "RestartCloudPhone").invokeId(CPH_REQUEST_ID);
    for (int i = 0; i < JOBS; i++) {
      jobs.child("phone-" + i);
    }
    Task jobBatch = engine.submitBatch(jobs.build());
    Task firstJob = children(cph, jobBatch.id()).get(0);
    engine.start(cph, firstJob.id());
    engine.succeed(cph, firstJob.id(), "restarted");

    String kooPhone = Tenants.kooPhone("alpha");
    BatchSpec.Builder instances = BatchSpec.builder(kooPhone, "AsyncCommand");
    for (int i = 0; i < INSTANCES; i++) {
      instances.child("instance-" + i);
    }
    command = engine.submitBatch(instances.build());
    Task firstInstance = children(kooPhone, command.id()).get(0);
    engine.start(kooPhone, firstInstance.id());
    engine.succeed(kooPhone, firstInstance.id(), "Android 12");
  }

  @Override
  Clock clock() {
    return clock;
  }

  /**
   * Runs {@code call} with the server's clock {@code shift} away from the real time the SDKs sign
   * with.
   */
  private void withServerClockShifted(Duration shift, ThrowingCallable call) throws Throwable {
    clock.set(Instant.now().plus(shift));
    try {
      call.call();
    } finally {
      clock.set(Instant.now());
    }
  }

  private List<Task> children(String tenant, String batchId) {
    return engine
        .query(
            TaskQuery.builder(tenant).parentId(batchId).order(SortOrder.OLDEST_FIRST).build(),
            PageRequest.first(10))
        .items();
  }

  private Config alibabaConfig(String accessKeyId) {
    return alibabaConfig(accessKeyId, alibabaSecret(accessKeyId));
  }

  private Config alibabaConfig(String accessKeyId, String secret) {
    return new Config()
        .setAccessKeyId(accessKeyId)
        .setAccessKeySecret(secret)
        .setRegionId("cn-hangzhou")
        .setEndpoint("127.0.0.1:" + server.port())
        .setProtocol("HTTP")
        .setReadTimeout(30_000)
        .setConnectTimeout(10_000);
  }

  private BasicCredentials huaweiCredentials(String accessKey, String projectId) {
    return huaweiCredentials(accessKey, huaweiSecret(accessKey), projectId);
  }

  private BasicCredentials huaweiCredentials(String accessKey, String secretKey, String projectId) {
    return new BasicCredentials().withAk(accessKey).withSk(secretKey).withProjectId(projectId);
  }

  private CphClient cphClient(BasicCredentials credentials) {
    return CphClient.newBuilder()
        .withCredential(credentials)
        .withEndpoints(List.of("http://127.0.0.1:" + server.port()))
        .withHttpConfig(huaweiHttp())
        .build();
  }

  private KooPhoneClient kooPhoneClient(BasicCredentials credentials) {
    return KooPhoneClient.newBuilder()
        .withCredential(credentials)
        .withEndpoints(List.of("http://127.0.0.1:" + server.port()))
        .withHttpConfig(huaweiHttp())
        .build();
  }

  /** aliyun-java-sdk-core 4.x, whose requests carry the endpoint themselves. */
  private IAcsClient coreClient(String accessKeyId, String secret) {
    return new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", accessKeyId, secret));
  }

  private com.aliyuncs.ecs.model.v20140526.DescribeTasksRequest coreDescribeTasks() {
    var request = new com.aliyuncs.ecs.model.v20140526.DescribeTasksRequest();
    request.setSysEndpoint("127.0.0.1:" + server.port());
    request.setSysProtocol(ProtocolType.HTTP);
    return request;
  }

  private static void assertTeaError(ThrowingCallable call, int status, String code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            TeaException.class,
            e -> {
              assertThat(e.getCode()).as(e.getMessage()).isEqualTo(code);
              assertThat(e.getStatusCode()).isEqualTo(status);
            });
  }

  private static void assertHuaweiSdkError(ThrowingCallable call, String messagePart) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ServiceResponseException.class,
            e -> {
              assertThat(e.getHttpStatusCode()).isEqualTo(401);
              assertThat(e.getErrorCode()).isEqualTo("APIGW.0301");
              assertThat(e.getErrorMsg()).contains(messagePart);
            });
  }

  private HttpConfig huaweiHttp() {
    return HttpConfig.getDefaultHttpConfig().withConnectionTimeout(10).withReadTimeout(30);
  }

  @Test
  void alibabaCloudPhoneSdkPagesThroughDescribeTasks() throws Exception {
    var client = new com.aliyun.eds_aic20230930.Client(alibabaConfig(ALPHA_AK));
    Set<String> seen = new HashSet<>();
    String token = null;
    int pages = 0;
    boolean sawBatch = false;
    boolean sawFailure = false;
    do {
      var request =
          new com.aliyun.eds_aic20230930.models.DescribeTasksRequest()
              .setInvokeId(CLOUD_PHONE_INVOKE_ID)
              .setMaxResults(20)
              .setNextToken(token);
      var response = client.describeTasks(request);
      assertThat(response.getStatusCode()).isEqualTo(200);
      var body = response.getBody();
      assertThat(body.getRequestId()).matches("[0-9A-F-]{36}");
      assertThat(body.getTotalCount()).isEqualTo(body.getData().size());
      for (var item : body.getData()) {
        assertThat(seen.add(item.getTaskId())).isTrue();
        assertThat(item.getInvokeId()).isEqualTo(CLOUD_PHONE_INVOKE_ID);
        assertThat(item.getRegionId()).isEqualTo("cn-hangzhou");
        assertThat(item.getTaskType()).isEqualTo("RebootInstance");
        assertThat(item.getOperator()).isEqualTo("sdk-test");
        if (item.getLevel() == 1) {
          sawBatch = true;
          assertThat(item.getTaskId()).isEqualTo(phoneBatch.id());
          assertThat(item.getTotalChildCount()).isEqualTo(PHONES);
          assertThat(item.getFailedChildCount()).isEqualTo(1);
          assertThat(item.getRunningChildCount()).isEqualTo(PHONES - 1);
          assertThat(item.getSuccessChildCount()).isZero();
          assertThat(item.getTaskStatus()).isEqualTo("Processing");
        } else {
          assertThat(item.getLevel()).isEqualTo(2);
          assertThat(item.getParentTaskId()).isEqualTo(phoneBatch.id());
          assertThat(item.getInstanceId()).isEqualTo(item.getResourceId()).startsWith("acp-sdk-");
          if ("Failed".equals(item.getTaskStatus())) {
            sawFailure = true;
            assertThat(item.getErrorCode()).isEqualTo("SendFileFailed");
            assertThat(item.getErrorMsg()).isEqualTo("connect error.");
            assertThat(item.getFinishTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
          }
        }
      }
      token = body.getNextToken();
      pages++;
    } while (token != null && !token.isEmpty());
    assertThat(seen).hasSize(PHONES + 1);
    assertThat(pages).isEqualTo(13);
    assertThat(sawBatch).isTrue();
    assertThat(sawFailure).isTrue();

    // Lists go out numbered (TaskIds.1, TaskIds.2) and come back filtered.
    var byIds =
        client.describeTasks(
            new com.aliyun.eds_aic20230930.models.DescribeTasksRequest()
                .setTaskIds(List.of(phoneBatch.id(), "t-unknown"))
                .setTaskStatuses(List.of("Processing")));
    assertThat(byIds.getBody().getData()).hasSize(1);
    assertThat(byIds.getBody().getNextToken()).isNull();
  }

  @Test
  void alibabaCloudPhoneSdkParsesErrors() throws Exception {
    var client = new com.aliyun.eds_aic20230930.Client(alibabaConfig(ALPHA_AK));
    assertThatThrownBy(
            () ->
                client.describeTasks(
                    new com.aliyun.eds_aic20230930.models.DescribeTasksRequest()
                        .setMaxResults(101)))
        .isInstanceOfSatisfying(
            TeaException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo("InvalidParameter");
              assertThat(e.getStatusCode()).isEqualTo(400);
              assertThat(e.getMessage()).contains("MaxResults");
            });
    assertThatThrownBy(
            () ->
                client.describeTasks(
                    new com.aliyun.eds_aic20230930.models.DescribeTasksRequest()
                        .setNextToken("AAAAAV3MpHK1AP0pfERHZN5pu6kU+SQXzm0H9mu/FiSc====")))
        .isInstanceOfSatisfying(
            TeaException.class,
            e -> assertThat(e.getCode()).isEqualTo("InvalidParameter.NextToken"));
    var stranger =
        new com.aliyun.eds_aic20230930.Client(
            alibabaConfig("LTAI5tStranger", "a-secret-of-nobody-the-server-knows-0001"));
    assertTeaError(
        () -> stranger.describeTasks(new com.aliyun.eds_aic20230930.models.DescribeTasksRequest()),
        404,
        "InvalidAccessKeyId.NotFound");
  }

  @Test
  void alibabaCloudPhoneSdkGetsSignatureErrorsForAWrongSecretOrAStaleTime() throws Throwable {
    var wrongSecret =
        new com.aliyun.eds_aic20230930.Client(
            alibabaConfig(ALPHA_AK, alibabaSecret(ALPHA_AK) + "-but-wrong"));
    assertTeaError(
        () ->
            wrongSecret.describeTasks(new com.aliyun.eds_aic20230930.models.DescribeTasksRequest()),
        400,
        "SignatureDoesNotMatch");
    var client = new com.aliyun.eds_aic20230930.Client(alibabaConfig(ALPHA_AK));
    for (Duration shift : List.of(Duration.ofMinutes(16), Duration.ofMinutes(-16))) {
      withServerClockShifted(
          shift,
          () ->
              assertTeaError(
                  () ->
                      client.describeTasks(
                          new com.aliyun.eds_aic20230930.models.DescribeTasksRequest()),
                  400,
                  "InvalidTimeStamp.Expired"));
    }
    // Within the window, the same client is served.
    withServerClockShifted(
        Duration.ofMinutes(14),
        () ->
            assertThat(
                    client
                        .describeTasks(new com.aliyun.eds_aic20230930.models.DescribeTasksRequest())
                        .getStatusCode())
                .isEqualTo(200));
  }

  @Test
  void alibabaEcsSdkPagesThroughDescribeTasks() throws Exception {
    var client = new com.aliyun.ecs20140526.Client(alibabaConfig(ALPHA_AK));
    Set<String> seen = new HashSet<>();
    for (int page = 1; page <= 3; page++) {
      var response =
          client.describeTasks(
              new com.aliyun.ecs20140526.models.DescribeTasksRequest()
                  .setRegionId("cn-hangzhou")
                  .setTaskAction("ImportImage")
                  .setPageNumber(page)
                  .setPageSize(50));
      var body = response.getBody();
      assertThat(body.getTotalCount()).isEqualTo(IMAGES);
      assertThat(body.getPageNumber()).isEqualTo(page);
      assertThat(body.getPageSize()).isEqualTo(50);
      assertThat(body.getRegionId()).isEqualTo("cn-hangzhou");
      assertThat(body.getRequestId()).isNotEmpty();
      List<?> tasks = body.getTaskSet().getTask();
      assertThat(tasks).hasSize(page < 3 ? 50 : 20);
      for (var task : body.getTaskSet().getTask()) {
        assertThat(seen.add(task.getTaskId())).isTrue();
        assertThat(task.getTaskAction()).isEqualTo("ImportImage");
        assertThat(task.getTaskStatus()).isEqualTo("Processing");
        assertThat(task.getSupportCancel()).isEqualTo("true");
        assertThat(task.getCreationTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\dZ");
        assertThat(task.getFinishedTime()).isNull();
        assertThat(task.getResourceId()).startsWith("m-sdk-");
      }
    }
    assertThat(seen).isEqualTo(imageIds);

    List<String> two = new ArrayList<>(imageIds).subList(0, 2);
    var byIds =
        client.describeTasks(
            new com.aliyun.ecs20140526.models.DescribeTasksRequest()
                .setRegionId("cn-hangzhou")
                .setTaskIds(String.join(",", two)));
    assertThat(byIds.getBody().getTotalCount()).isEqualTo(2);

    assertThatThrownBy(
            () -> client.describeTasks(new com.aliyun.ecs20140526.models.DescribeTasksRequest()))
        .isInstanceOfSatisfying(
            TeaException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo("MissingParameter");
              assertThat(e.getStatusCode()).isEqualTo(400);
            });
    assertThatThrownBy(
            () ->
                client.describeTasks(
                    new com.aliyun.ecs20140526.models.DescribeTasksRequest()
                        .setRegionId("us-nowhere-1")))
        .isInstanceOfSatisfying(
            TeaException.class, e -> assertThat(e.getCode()).isEqualTo("InvalidRegionId.NotFound"));
  }

  @Test
  void alibabaEcsSdkGetsSignatureErrorsForAWrongSecretOrAStaleTime() throws Throwable {
    var request =
        new com.aliyun.ecs20140526.models.DescribeTasksRequest().setRegionId("cn-hangzhou");
    var wrongSecret =
        new com.aliyun.ecs20140526.Client(
            alibabaConfig(ALPHA_AK, alibabaSecret(ALPHA_AK) + "-but-wrong"));
    assertTeaError(() -> wrongSecret.describeTasks(request), 400, "SignatureDoesNotMatch");
    var client = new com.aliyun.ecs20140526.Client(alibabaConfig(ALPHA_AK));
    withServerClockShifted(
        Duration.ofMinutes(-16),
        () -> assertTeaError(() -> client.describeTasks(request), 400, "InvalidTimeStamp.Expired"));
    var stranger =
        new com.aliyun.ecs20140526.Client(
            alibabaConfig("LTAI5tStranger", "a-secret-of-nobody-the-server-knows-0001"));
    assertTeaError(() -> stranger.describeTasks(request), 404, "InvalidAccessKeyId.NotFound");
  }

  @Test
  void aliyunJavaSdkCorePagesThroughEcsDescribeTasksAndGetsItsErrors() throws Throwable {
    IAcsClient client = coreClient(ALPHA_AK, alibabaSecret(ALPHA_AK));
    Set<String> seen = new HashSet<>();
    for (int page = 1; page <= 3; page++) {
      var request = coreDescribeTasks();
      request.setTaskAction("ImportImage");
      request.setPageNumber(page);
      request.setPageSize(50);
      var response = client.getAcsResponse(request);
      assertThat(response.getTotalCount()).isEqualTo(IMAGES);
      assertThat(response.getPageNumber()).isEqualTo(page);
      assertThat(response.getRegionId()).isEqualTo("cn-hangzhou");
      assertThat(response.getRequestId()).matches("[0-9A-F-]{36}");
      assertThat(response.getTaskSet()).hasSize(page < 3 ? 50 : 20);
      for (var task : response.getTaskSet()) {
        assertThat(seen.add(task.getTaskId())).isTrue();
        assertThat(task.getTaskAction()).isEqualTo("ImportImage");
        assertThat(task.getResourceId()).startsWith("m-sdk-");
      }
    }
    assertThat(seen).isEqualTo(imageIds);

    var invalid = coreDescribeTasks();
    invalid.setPageSize(101);
    assertCoreError(() -> client.getAcsResponse(invalid), "InvalidParameter");
    // The SDK reads the server's string to sign out of SignatureDoesNotMatch ("server string to
    // sign is:...") and, finding it equal to its own, reports the secret as the culprit.
    assertCoreError(
        () ->
            coreClient(ALPHA_AK, alibabaSecret(ALPHA_AK) + "-but-wrong")
                .getAcsResponse(coreDescribeTasks()),
        "SDK.InvalidAccessKeySecret");
    assertCoreError(
        () ->
            coreClient("LTAI5tStranger", "a-secret-of-nobody-the-server-knows-0001")
                .getAcsResponse(coreDescribeTasks()),
        "InvalidAccessKeyId.NotFound");
    withServerClockShifted(
        Duration.ofMinutes(16),
        () ->
            assertCoreError(
                () -> client.getAcsResponse(coreDescribeTasks()), "InvalidTimeStamp.Expired"));
  }

  private static void assertCoreError(ThrowingCallable call, String code) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ClientException.class,
            e -> assertThat(e.getErrCode()).as(e.getMessage()).isEqualTo(code));
  }

  @Test
  void huaweiCloudPhoneSdkPagesThroughListJobs() {
    CphClient client = cphClient(huaweiCredentials(ALPHA_HUAWEI_AK, ALPHA_PROJECT));
    Set<String> seen = new HashSet<>();
    int succeeded = 0;
    for (int offset = 0; offset < JOBS; offset += 100) {
      ListJobsResponse response =
          client.listJobs(
              new ListJobsRequest()
                  .withRequestId(CPH_REQUEST_ID)
                  .withOffset(offset)
                  .withLimit(100));
      assertThat(response.getHttpStatusCode()).isEqualTo(200);
      assertThat(response.getRequestId()).matches("[0-9a-f]{32}");
      assertThat(response.getJobs()).hasSize(Math.min(100, JOBS - offset));
      for (Job job : response.getJobs()) {
        assertThat(seen.add(job.getJobId())).isTrue();
        assertThat(job.getPhoneId()).startsWith("phone-");
        assertThat(job.getBeginTime()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        if (job.getStatus() == 2) {
          succeeded++;
          assertThat(job.getExecuteMsg()).isEqualTo("restarted");
          assertThat(job.getEndTime()).isNotNull();
        } else {
          assertThat(job.getStatus()).isEqualTo(1);
          assertThat(job.getErrorCode()).isEmpty();
        }
      }
    }
    assertThat(seen).hasSize(JOBS);
    assertThat(succeeded).isEqualTo(1);

    ListJobsResponse byIds =
        client.listJobs(
            new ListJobsRequest().withRequestIds("nothing," + CPH_REQUEST_ID).withLimit(5));
    assertThat(byIds.getJobs()).hasSize(5);

    assertThatThrownBy(
            () ->
                client.listJobs(new ListJobsRequest().withRequestId(CPH_REQUEST_ID).withLimit(500)))
        .isInstanceOfSatisfying(
            ServiceResponseException.class,
            e -> {
              assertThat(e.getHttpStatusCode()).isEqualTo(400);
              assertThat(e.getErrorCode()).isEqualTo("CPS.0002");
              assertThat(e.getRequestId()).matches("[0-9a-f]{32}");
            });
    CphClient otherProject = cphClient(huaweiCredentials(ALPHA_HUAWEI_AK, BETA_PROJECT));
    assertThatThrownBy(
            () -> otherProject.listJobs(new ListJobsRequest().withRequestId(CPH_REQUEST_ID)))
        .isInstanceOfSatisfying(
            ServiceResponseException.class,
            e -> {
              assertThat(e.getHttpStatusCode()).isEqualTo(403);
              assertThat(e.getErrorCode()).isEqualTo("CPS.0001");
            });
  }

  @Test
  void huaweiKooPhoneSdkListsEveryJobOfATask() {
    KooPhoneClient client = kooPhoneClient(huaweiCredentials(ALPHA_HUAWEI_AK, ALPHA_PROJECT));
    ExecuteJobResponse response =
        client.executeJob(new ExecuteJobRequest().withTaskId(command.id()).withXRequestId("sdk-1"));
    assertThat(response.getHttpStatusCode()).isEqualTo(200);
    assertThat(response.getErrorCode()).isEqualTo("0");
    assertThat(response.getErrorMsg()).isEqualTo("ok");
    List<JobDetail> jobs = response.getData().getJobs();
    assertThat(jobs).hasSize(INSTANCES);
    assertThat(jobs.stream().map(JobDetail::getJobId).distinct()).hasSize(INSTANCES);
    assertThat(jobs.get(0).getStatus()).isEqualTo(JobDetail.StatusEnum.NUMBER_2);
    assertThat(jobs.get(0).getExecuteMsg()).isEqualTo("Android 12");
    assertThat(jobs.get(1).getStatus()).isEqualTo(JobDetail.StatusEnum.NUMBER_1);
    assertThat(jobs.get(1).getExecuteMsg()).isNull();

    assertThatThrownBy(
            () ->
                client.executeJob(
                    new ExecuteJobRequest().withTaskId("t-missing").withXRequestId("sdk-2")))
        .isInstanceOfSatisfying(
            ServiceResponseException.class,
            e -> {
              assertThat(e.getHttpStatusCode()).isEqualTo(400);
              assertThat(e.getErrorCode()).isEqualTo("KOOPHONE.API.1323");
              assertThat(e.getRequestId()).isEqualTo("sdk-2");
            });
    // The SDK puts the task id into the path as given and signs each segment encoded: odd
    // characters verify and find nothing...
    for (String odd : List.of("x y", "t+1", "a,b", "é")) {
      assertThatThrownBy(
              () ->
                  client.executeJob(
                      new ExecuteJobRequest().withTaskId(odd).withXRequestId("sdk-6")))
          .as(odd)
          .isInstanceOfSatisfying(
              ServiceResponseException.class,
              e -> assertThat(e.getErrorCode()).isEqualTo("KOOPHONE.API.1323"));
    }
    // ...and a raw "%" that is no escape is refused before anything is verified.
    assertThatThrownBy(
            () ->
                client.executeJob(
                    new ExecuteJobRequest().withTaskId("50%off").withXRequestId("sdk-7")))
        .isInstanceOfSatisfying(
            ServiceResponseException.class, e -> assertThat(e.getHttpStatusCode()).isEqualTo(400));
    KooPhoneClient stranger =
        kooPhoneClient(
            huaweiCredentials(
                "HWSTRANGER", "a-secret-key-of-nobody-the-server-knows", ALPHA_PROJECT));
    assertHuaweiSdkError(
        () ->
            stranger.executeJob(
                new ExecuteJobRequest().withTaskId(command.id()).withXRequestId("sdk-3")),
        "ak not exist");
  }

  @Test
  void huaweiSdksGetSignatureErrorsForAWrongSecretKeyOrAStaleTime() throws Throwable {
    String wrong = huaweiSecret(ALPHA_HUAWEI_AK) + "-but-wrong";
    CphClient cphWrong = cphClient(huaweiCredentials(ALPHA_HUAWEI_AK, wrong, ALPHA_PROJECT));
    assertHuaweiSdkError(
        () -> cphWrong.listJobs(new ListJobsRequest().withRequestId(CPH_REQUEST_ID)),
        "verify aksk signature fail");
    KooPhoneClient kooWrong =
        kooPhoneClient(huaweiCredentials(ALPHA_HUAWEI_AK, wrong, ALPHA_PROJECT));
    assertHuaweiSdkError(
        () ->
            kooWrong.executeJob(
                new ExecuteJobRequest().withTaskId(command.id()).withXRequestId("sdk-4")),
        "verify aksk signature fail");

    CphClient cph = cphClient(huaweiCredentials(ALPHA_HUAWEI_AK, ALPHA_PROJECT));
    KooPhoneClient kooPhone = kooPhoneClient(huaweiCredentials(ALPHA_HUAWEI_AK, ALPHA_PROJECT));
    for (Duration shift : List.of(Duration.ofMinutes(16), Duration.ofMinutes(-16))) {
      withServerClockShifted(
          shift,
          () -> {
            assertHuaweiSdkError(
                () -> cph.listJobs(new ListJobsRequest().withRequestId(CPH_REQUEST_ID)),
                "signature expired");
            assertHuaweiSdkError(
                () ->
                    kooPhone.executeJob(
                        new ExecuteJobRequest().withTaskId(command.id()).withXRequestId("sdk-5")),
                "signature expired");
          });
    }
  }
}
