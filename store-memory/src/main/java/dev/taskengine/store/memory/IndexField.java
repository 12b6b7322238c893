package dev.taskengine.store.memory;

/** The filter whose index a query reads its candidates from. */
enum IndexField {
  /** No filter has an index: the tenant's whole ordered index. */
  ALL,
  IDS,
  PARENT_ID,
  RESOURCE_IDS,
  INVOKE_IDS,
  TYPES,
  STATUSES,
  LEVEL
}
