/**
 * The engine: {@code dev.taskengine.core.TaskEngines.builder()} is the one way in. The rules behind
 * it live in {@code dev.taskengine.core.internal}, which this module does not export: on the module
 * path no host can compile against it or reach it by reflection.
 */
module dev.taskengine.core {
  // The builder takes and returns api and spi types, so a host that reads this module reads them.
  requires transitive dev.taskengine.api;
  requires org.slf4j;

  exports dev.taskengine.core;
}
