/**
 * A runnable reference provider backend on the task engine: the four seed APIs on their real wire
 * formats (Alibaba Cloud RPC at {@code /}, Huawei Cloud at {@code /v1/...}), verifying the vendors'
 * request signatures and tokens against the config's secrets, a JSON API for a provider's workers
 * and operators at {@code /ops/v1/...} scoped per operator, on an embedded SQLite file or
 * PostgreSQL. Start it with {@link dev.taskengine.server.Main}, or embed it with {@link
 * dev.taskengine.server.TaskServer}; the config format is {@link
 * dev.taskengine.server.ServerConfig}'s.
 */
package dev.taskengine.server;
