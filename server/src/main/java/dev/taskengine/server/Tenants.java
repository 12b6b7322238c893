package dev.taskengine.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engine tenant of each API and account: {@code <account>:<product>:<scope>}. Alibaba tasks are
 * regional and kept apart per product ({@code demo:eds-aic:cn-hangzhou}, {@code
 * demo:ecs:cn-hangzhou}); Huawei Cloud Phone tasks live in a project ({@code demo:cph:<project>});
 * KooPhone tasks belong to the account ({@code demo:koophone}). Account names, regions and projects
 * cannot contain {@code :}, so tenants of different accounts or products never collide.
 */
final class Tenants {
  static final String CLOUD_PHONE = "eds-aic";
  static final String ECS = "ecs";
  static final String CPH = "cph";
  static final String KOOPHONE = "koophone";

  private Tenants() {}

  static String cloudPhone(String account, String region) {
    return account + ":" + CLOUD_PHONE + ":" + region;
  }

  static String ecs(String account, String region) {
    return account + ":" + ECS + ":" + region;
  }

  static String cph(String account, String projectId) {
    return account + ":" + CPH + ":" + projectId;
  }

  static String kooPhone(String account) {
    return account + ":" + KOOPHONE;
  }

  /** Every tenant the config allows, account by account. */
  static List<String> all(ServerConfig config) {
    return all(config.alibaba(), config.accounts());
  }

  /** Every tenant of these accounts, account by account (the config checks operators with it). */
  static List<String> all(ServerConfig.Alibaba alibaba, List<ServerConfig.Account> accounts) {
    List<String> tenants = new ArrayList<>();
    for (ServerConfig.Account account : accounts) {
      for (String region : alibaba.regions()) {
        tenants.add(cloudPhone(account.name(), region));
      }
      for (String region : alibaba.regions()) {
        tenants.add(ecs(account.name(), region));
      }
      for (String project : account.huaweiProjectIds()) {
        tenants.add(cph(account.name(), project));
      }
      tenants.add(kooPhone(account.name()));
    }
    return tenants;
  }

  /** The tenant, if the config allows it (an operator must not create tasks nobody can see). */
  static Optional<String> known(ServerConfig config, String tenant) {
    return all(config).contains(tenant) ? Optional.of(tenant) : Optional.empty();
  }
}
