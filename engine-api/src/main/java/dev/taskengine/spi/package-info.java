/**
 * The store SPI: what a persistence backend implements ({@link dev.taskengine.spi.TaskStore}) and
 * the values the engine passes it. A store is correct when it passes the {@code engine-tck}
 * contract suite.
 */
package dev.taskengine.spi;
