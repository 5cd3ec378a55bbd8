package io.fer4j.cli;

/**
 * The CLI's slf4j-simple levels, set as system properties before anything logs. They live in code,
 * not in a {@code simplelogger.properties} inside the jar, so a library user's app keeps its own
 * logging configuration; {@code -Dorg.slf4j.simpleLogger...} on the command line still wins.
 */
final class CliLogging {
  private CliLogging() {}

  static void configure() {
    setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // Javalin/Jetty: warnings and errors only
    setDefault("org.slf4j.simpleLogger.logFile", "System.err");
    setDefault("org.slf4j.simpleLogger.log.io.jhdf", "error"); // jHDF warns about harmless padding in h5py's attributes
    // spark-predict: local mode's notes on this machine's hostname and on Hadoop's missing native library
    setDefault("org.slf4j.simpleLogger.log.org.apache.spark.util.Utils", "error");
    setDefault("org.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader", "error");
  }

  private static void setDefault(String key, String value) {
    if (System.getProperty(key) == null) System.setProperty(key, value);
  }
}
