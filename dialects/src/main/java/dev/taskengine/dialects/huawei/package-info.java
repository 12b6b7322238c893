/**
 * Huawei Cloud dialects: Cloud Phone {@code GET /v1/{project_id}/cloud-phone/jobs} (seed 001,
 * offset/limit paging over the jobs of up to 20 request ids) and KooPhone {@code GET
 * /v1/instances/tasks/{task_id}} (seed 002, every job of one task). Statuses are the integers 1
 * (running), 2 (success) and -1 (failure); times are UTC {@code yyyy-MM-ddTHH:mm:ssZ}; {@code
 * execute_msg} is at most 1,024 bytes. Errors are {@code {"error_code","error_msg"}} ({@link
 * dev.taskengine.dialects.huawei.HuaweiErrorResponse}).
 */
package dev.taskengine.dialects.huawei;
