/**
 * The public contract of taskengine: the engine's interface, the task model and its exceptions
 * ({@code dev.taskengine.api}), and the store SPI ({@code dev.taskengine.spi}). Depends on nothing
 * but {@code java.base}; the implementation is the {@code dev.taskengine.core} module.
 */
module dev.taskengine.api {
  exports dev.taskengine.api;
  exports dev.taskengine.spi;
}
