/**
 * Vendor dialects: the four seed APIs (Alibaba Cloud Phone {@code DescribeTasks}, Alibaba ECS
 * {@code DescribeTasks}, Huawei Cloud Phone {@code ListJobs}, Huawei KooPhone instance tasks) as
 * request types that validate exactly as their documents say, mappings to {@link
 * dev.taskengine.api.TaskQuery}, and response types whose JSON (Jackson) has the documents' field
 * names, nesting and types.
 *
 * <p>A request that cannot be served arrives as an {@link
 * dev.taskengine.dialects.ApiErrorException} carrying the vendor's HTTP status, code and message;
 * the caller writes it in the vendor's error shape. A client's mistake is always a 4xx; only a
 * store or engine failure is a 5xx.
 *
 * <p>The vendor packages are {@link dev.taskengine.dialects.alibaba} and {@link
 * dev.taskengine.dialects.huawei}; {@code dev.taskengine.dialects.internal} may change at any time.
 */
package dev.taskengine.dialects;
