/**
 * Alibaba Cloud RPC-style dialects: Cloud Phone {@code DescribeTasks} (eds-aic, version 2023-09-30,
 * NextToken paging) and ECS {@code DescribeTasks} (version 2014-05-26, PageNumber paging). Requests
 * are parsed from the flat, URL-decoded parameters of the RPC protocol (list values numbered from
 * one, {@code TaskIds.1=...}); responses serialize with Jackson to the documents' field names.
 * Errors are {@code {"RequestId","Code","Message"}} ({@link
 * dev.taskengine.dialects.alibaba.AlibabaErrorResponse}).
 */
package dev.taskengine.dialects.alibaba;
