/**
 * Helpers shared by the vendor dialects. Internal: may change at any time; not part of the
 * contract.
 */
package dev.taskengine.dialects.internal;
