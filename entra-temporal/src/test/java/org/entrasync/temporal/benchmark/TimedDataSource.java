package org.entrasync.temporal.benchmark;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.sql.DataSource;
import org.entrasync.adapters.jdbi.testing.WrappingDataSource;

/**
 * A {@link DataSource} wrapper that times what reaches the database: each statement execution
 * (labelled by what it does, see {@link #label}) and each commit, in wall time of the calling
 * thread (sending, server work, receiving the result). The jdbi test-jar's {@code StatementCounter}
 * counts the same calls; this one says where the database time goes.
 */
final class TimedDataSource extends WrappingDataSource {
  private static final Map<String, String> LABELS = new ConcurrentHashMap<>();

  private final Map<String, Stat> stats = new ConcurrentHashMap<>();
  /** Writes executed with auto-commit on: each is a transaction (and, durable, a WAL flush) of its own. */
  private final LongAdder autocommitWrites = new LongAdder();

  TimedDataSource(DataSource target) {
    super(target);
  }

  /** Time and calls per label since the last {@link #reset()}. */
  static final class Stat {
    final LongAdder calls = new LongAdder();
    final LongAdder nanos = new LongAdder();
    /** Each call's duration, in call order (for the median and the maximum). */
    final List<Long> each = java.util.Collections.synchronizedList(new ArrayList<>());
  }

  /** One line of the breakdown: calls, total, median and slowest call, first and last call. */
  record Line(String label, long calls, long nanos, long medianNanos, long maxNanos, long firstNanos, long lastNanos,
      List<Long> each) {}

  void reset() {
    stats.clear();
    autocommitWrites.reset();
  }

  /** Writes executed outside a transaction since the last {@link #reset()}. */
  long autocommitWrites() {
    return autocommitWrites.sum();
  }

  /** The breakdown, most expensive first. */
  List<Line> breakdown() {
    List<Line> lines = new ArrayList<>();
    stats.forEach((label, stat) -> {
      List<Long> each;
      synchronized (stat.each) {
        each = new ArrayList<>(stat.each);
      }
      List<Long> sorted = new ArrayList<>(each);
      sorted.sort(null);
      lines.add(new Line(label, stat.calls.sum(), stat.nanos.sum(),
          sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2), sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1),
          each.isEmpty() ? 0 : each.get(0), each.isEmpty() ? 0 : each.get(each.size() - 1), List.copyOf(each)));
    });
    lines.sort(Comparator.comparingLong(Line::nanos).reversed());
    return lines;
  }

  long totalNanos() {
    long total = 0;
    for (Stat stat : stats.values()) {
      total += stat.nanos.sum();
    }
    return total;
  }

  private void record(String label, long nanos) {
    Stat stat = stats.computeIfAbsent(label, k -> new Stat());
    stat.calls.increment();
    stat.nanos.add(nanos);
    stat.each.add(nanos);
  }

  @Override
  protected Connection wrap(Connection connection) {
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          String name = method.getName();
          if (name.equals("commit") || name.equals("rollback") && (args == null || args.length == 0)) {
            long start = System.nanoTime();
            try {
              return invoke(connection, method, args);
            } finally {
              record(name, System.nanoTime() - start);
            }
          }
          Object result = invoke(connection, method, args);
          if (result instanceof Statement) {
            String sql = name.startsWith("prepare") && args != null && args[0] instanceof String ? (String) args[0] : null;
            return wrapStatement((Statement) result, sql);
          }
          return result;
        });
  }

  private Statement wrapStatement(Statement statement, String sql) {
    Class<?> type = statement instanceof java.sql.CallableStatement ? java.sql.CallableStatement.class
        : statement instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
    return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          if (!EXECUTIONS.contains(method.getName())) {
            return invoke(statement, method, args);
          }
          String text = sql != null ? sql : args != null && args.length > 0 ? String.valueOf(args[0]) : "?";
          if (isWrite(text) && statement.getConnection().getAutoCommit()) {
            autocommitWrites.increment();
          }
          long start = System.nanoTime();
          try {
            return invoke(statement, method, args);
          } finally {
            record(LABELS.computeIfAbsent(text, TimedDataSource::label), System.nanoTime() - start);
          }
        });
  }

  /** The verb and the first table of a statement without a label of its own. */
  private static final java.util.regex.Pattern TABLE = java.util.regex.Pattern.compile(
      "^(?:select\\b.*? from (\\w+)|(insert into|update|delete from) (\\w+))");

  private static final Map<String, Boolean> WRITES = new ConcurrentHashMap<>();

  /** Whether a statement changes rows (insert, update, delete, or a CTE doing one). */
  static boolean isWrite(String sql) {
    return WRITES.computeIfAbsent(sql, text -> {
      String s = text.toLowerCase(Locale.ROOT).lines().filter(l -> !l.strip().startsWith("--"))
          .collect(java.util.stream.Collectors.joining(" ")).strip();
      return s.startsWith("insert") || s.startsWith("update") || s.startsWith("delete")
          || s.startsWith("with") && (s.contains(" insert ") || s.contains(" update ") || s.contains(" delete "));
    });
  }

  /** A short name for the library's (and the baseline's) statements; else the SQL's first line. */
  static String label(String sql) {
    String first = sql.strip().lines().findFirst().orElse("?").strip();
    if (first.startsWith("-- ")) {
      return first.substring(3).strip();
    }
    String s = sql.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (s.startsWith("analyze ")) {
      // The diagnostic (SyncPhases.ANALYZE) also covers the queue; the page writer's own refresh does not.
      return s.contains("entra_reconciliation_queue")
          ? "diagnostic: ANALYZE (not the library)"
          : "page writer: refresh statistics after growth";
    }
    if (s.startsWith("insert into entra_sync_runs")) {
      return "run: upsert run";
    }
    if (s.startsWith("insert into entra_sync_run_tenants")) {
      return "run: upsert tenant result";
    }
    if (s.contains("from entra_sync_runs")) {
      return "run: read run";
    }
    if (s.contains("from entra_sync_run_tenants")) {
      return "run: read tenant results";
    }
    if (s.contains("insert into entra_contact_links") && s.contains("contact_taken")) {
      return "page: upsert links";
    }
    if (s.contains("insert into psa_contacts") && s.contains("judged as")) {
      return "page: create contacts (+phones)";
    }
    if (s.contains("update psa_contacts c") && s.contains("replaced_phones")) {
      return "page: apply contact changes";
    }
    if (s.startsWith("update entra_contact_links set last_seen_at") && s.contains("any(")) {
      return "page: mark seen";
    }
    if (s.startsWith("update entra_reconciliation_queue q")) {
      return "page: resolve queue items";
    }
    if (s.startsWith("insert into entra_reconciliation_queue")) {
      return "page: upsert queue items";
    }
    if (s.contains("from entra_contact_links") && s.contains("entra_object_id = any(")) {
      return "plan: links by object ids";
    }
    if (s.contains("from psa_contacts c left join psa_contact_phones") && s.contains("c.id = any(")) {
      return "plan: linked contacts by ids";
    }
    if (s.contains("from psa_contacts c left join psa_contact_phones") && s.contains("email_normalized = any(")) {
      return "plan: candidates by emails";
    }
    if (s.startsWith("select contact_id from entra_contact_links") && s.contains("any(")) {
      return "plan: candidates linked elsewhere";
    }
    if (s.contains("from entra_reconciliation_queue") && s.contains("any(")) {
      return "plan: queue items by object ids";
    }
    if (s.contains("from entra_reconciliation_queue")) {
      return "tenant: open queue items";
    }
    if (s.contains("count(*) from entra_contact_links")) {
      return "tenant: count links";
    }
    if (s.contains("last_seen_at is null or last_seen_at <")) {
      return "tenant: links not seen (deletions)";
    }
    boolean write = s.startsWith("insert") || s.startsWith("update") || s.startsWith("delete");
    if (s.contains("entra_partner_connections")) {
      return write ? "tenant: write connection" : "tenant: read connection";
    }
    if (s.contains("entra_sync_settings")) {
      return write ? "tenant: write settings" : "tenant: read settings";
    }
    if (s.contains("entra_managed_tenants")) {
      return write ? "tenant: write managed tenant (cursor, counts)" : "tenant: read managed tenant";
    }
    java.util.regex.Matcher table = TABLE.matcher(s);
    if (table.find()) {
      return table.group(1) != null ? "read " + table.group(1) : table.group(2).split(" ")[0] + " " + table.group(3);
    }
    return first.length() > 60 ? first.substring(0, 60) + "..." : first;
  }
}
