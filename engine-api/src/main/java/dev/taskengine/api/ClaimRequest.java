package dev.taskengine.api;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a worker asks {@link TaskEngine#claim} for: up to {@link #limit()} PENDING instance tasks,
 * oldest available first, each leased to {@link #owner()} for {@link #lease()}.
 *
 * <p>The scope is explicit: {@link #forTenant(String)} claims one tenant's tasks; {@link
 * #allTenants()} claims any tenant's, for a provider's own trusted workers that execute every
 * tenant's operations. Claiming does not read or list anything for a tenant's callers: it hands
 * work to the provider's workers, and every read API stays bound to one tenant.
 *
 * <p>Build one with {@code ClaimRequest.allTenants().owner("agent-7").lease(Duration.ofSeconds(30))
 * .types("StartInstance").limit(10).build()}. The engine checks the limits (owner length, lease
 * length, claim size, filter sizes) when the claim is made.
 *
 * @param tenant the tenant to claim from, or null for all tenants
 * @param owner who holds the leases, required: a worker's name, unique among live workers
 * @param lease how long each lease lasts before it must be renewed by a heartbeat, positive
 * @param limit the most tasks to claim, at least 1 (the engine caps it, 1,000 by default)
 * @param types only tasks of these types; empty for any type
 * @param resourceIds only tasks acting on these resources; empty for any resource
 */
public record ClaimRequest(
    String tenant,
    String owner,
    Duration lease,
    int limit,
    Set<String> types,
    Set<String> resourceIds) {

  public ClaimRequest {
    InvalidRequestException.requireNonBlank(owner, "claim.owner");
    InvalidRequestException.requireNonNull(lease, "claim.lease");
    if (tenant != null) {
      InvalidRequestException.requireNonBlank(tenant, "claim.tenant");
    }
    types = copy(types, "claim.types");
    resourceIds = copy(resourceIds, "claim.resourceIds");
  }

  private static Set<String> copy(Collection<String> values, String field) {
    if (values == null) {
      return Set.of();
    }
    Set<String> copy = new LinkedHashSet<>();
    for (String value : values) {
      copy.add(InvalidRequestException.requireNonBlank(value, field + "[]"));
    }
    return Collections.unmodifiableSet(copy);
  }

  /** The tenant claimed from; empty when the claim spans all tenants. */
  public Optional<String> tenantScope() {
    return Optional.ofNullable(tenant);
  }

  /** A claim of one tenant's tasks. */
  public static Builder forTenant(String tenant) {
    return new Builder(InvalidRequestException.requireNonBlank(tenant, "claim.tenant"));
  }

  /** A claim of any tenant's tasks, for a provider's own trusted workers. */
  public static Builder allTenants() {
    return new Builder(null);
  }

  /** Fluent builder; not thread-safe. Defaults: limit 1, any type, any resource. */
  public static final class Builder {
    private final String tenant;
    private String owner;
    private Duration lease;
    private int limit = 1;
    private final Set<String> types = new LinkedHashSet<>();
    private final Set<String> resourceIds = new LinkedHashSet<>();

    private Builder(String tenant) {
      this.tenant = tenant;
    }

    public Builder owner(String owner) {
      this.owner = owner;
      return this;
    }

    public Builder lease(Duration lease) {
      this.lease = lease;
      return this;
    }

    public Builder limit(int limit) {
      this.limit = limit;
      return this;
    }

    public Builder types(String... types) {
      return types(Arrays.asList(types));
    }

    public Builder types(Collection<String> types) {
      this.types.addAll(InvalidRequestException.requireNonNull(types, "claim.types"));
      return this;
    }

    public Builder resourceIds(Collection<String> resourceIds) {
      this.resourceIds.addAll(
          InvalidRequestException.requireNonNull(resourceIds, "claim.resourceIds"));
      return this;
    }

    public ClaimRequest build() {
      return new ClaimRequest(tenant, owner, lease, limit, types, resourceIds);
    }
  }
}
