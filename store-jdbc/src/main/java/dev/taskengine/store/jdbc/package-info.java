/**
 * A task store on SQLite or PostgreSQL: {@link dev.taskengine.store.jdbc.JdbcTaskStore}. Every
 * other type here is package-private and may change at any time.
 */
package dev.taskengine.store.jdbc;
