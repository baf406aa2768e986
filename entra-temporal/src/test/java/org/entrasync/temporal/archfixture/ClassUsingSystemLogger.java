package org.entrasync.temporal.archfixture;

/** Logs through the JDK's System.Logger: the one-logging-API rule must reject it. */
public final class ClassUsingSystemLogger {
  private static final System.Logger LOG = System.getLogger(ClassUsingSystemLogger.class.getName());

  public void work() {
    LOG.log(System.Logger.Level.INFO, "working");
  }
}
