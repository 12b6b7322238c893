/**
 * The vendor dialects: request types, mappings to {@code TaskQuery} and Jackson-shaped responses.
 * {@code dev.taskengine.dialects.internal} is not exported.
 */
module dev.taskengine.dialects {
  // Requests map to api types (TaskQuery) and responses are made from them (Task).
  requires transitive dev.taskengine.api;
  // The responses carry Jackson's annotations. Jackson reads the public records of the exported
  // packages through their public accessors, so no package is opened to it.
  requires com.fasterxml.jackson.annotation;

  exports dev.taskengine.dialects;
  exports dev.taskengine.dialects.alibaba;
  exports dev.taskengine.dialects.huawei;
}
