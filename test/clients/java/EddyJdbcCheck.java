// End-to-end checks of Eddy through pgjdbc, compiled and run by test/clients/pgjdbc.test.ts as
//   java -Duser.timezone=UTC -cp postgresql.jar:CLASSES EddyJdbcCheck PORT
// Each check runs on its own and records {"ok": true, ...details} or {"ok": false, "error": ...};
// the program prints one JSON object {check name: result} as its last line of stdout. pgjdbc's
// own log (java.util.logging, FINEST) is captured so that a failing check also reports the last
// SQL text the driver sent ("sql"), which for DatabaseMetaData calls is pgjdbc's catalog query.
import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

public final class EddyJdbcCheck {
  private static final Map<String, Map<String, Object>> RESULTS = new LinkedHashMap<>();
  private static final List<String> SENT = new ArrayList<>();
  private static String url;

  interface Check {
    Map<String, Object> run() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/eddy?user=eddy&connectTimeout=10"
        + "&socketTimeout=30";
    captureDriverLog();
    Checks.runAll();
    System.out.println(Json.write(RESULTS));
  }

  static Connection connect(String extra) throws SQLException {
    return DriverManager.getConnection(extra.isEmpty() ? url : url + "&" + extra);
  }

  /** Runs one check, recording its outcome and, on failure, the last SQL pgjdbc sent. */
  static void check(String name, Check body) {
    synchronized (SENT) {
      SENT.clear();
    }
    Map<String, Object> result = new LinkedHashMap<>();
    try {
      Map<String, Object> detail = body.run();
      result.put("ok", true);
      if (detail != null) result.putAll(detail);
    } catch (Throwable e) {
      result.put("ok", false);
      Throwable cause = e;
      if (e instanceof BatchUpdateException && ((SQLException) e).getNextException() != null) {
        cause = ((SQLException) e).getNextException();
      }
      result.put("error", cause.getClass().getSimpleName() + ": " + cause.getMessage());
      if (cause instanceof SQLException) result.put("sqlstate", ((SQLException) cause).getSQLState());
      synchronized (SENT) {
        if (!SENT.isEmpty()) result.put("sql", SENT.get(SENT.size() - 1));
      }
    }
    RESULTS.put(name, result);
  }

  static void expect(Object actual, Object expected, String what) {
    boolean same = expected instanceof byte[] && actual instanceof byte[]
        ? Arrays.equals((byte[]) expected, (byte[]) actual)
        : expected == null ? actual == null : expected.equals(actual);
    if (!same) {
      throw new AssertionError(what + ": got " + show(actual) + ", expected " + show(expected));
    }
  }

  static String show(Object v) {
    if (v instanceof byte[]) return Arrays.toString((byte[]) v);
    return v == null ? "null" : v + " (" + v.getClass().getSimpleName() + ")";
  }

  /** Keeps the query texts that pgjdbc logs at FINEST as it sends Parse / simple Query. */
  private static void captureDriverLog() {
    Logger log = Logger.getLogger("org.postgresql");
    log.setLevel(Level.FINEST);
    log.setUseParentHandlers(false);
    log.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            String msg = r.getMessage();
            Object[] params = r.getParameters();
            if (msg == null) return;
            if (params != null) {
              try {
                msg = java.text.MessageFormat.format(msg, params);
              } catch (IllegalArgumentException e) {
                return;
              }
            }
            int at = msg.indexOf("query=\"");
            if (msg.contains("FE=> Parse(") && at >= 0) {
              String q = msg.substring(at + 7);
              int end = q.lastIndexOf("\",oids=");
              synchronized (SENT) {
                SENT.add(end >= 0 ? q.substring(0, end) : q);
              }
            } else if (msg.contains("FE=> SimpleQuery(")) {
              synchronized (SENT) {
                SENT.add(msg.substring(msg.indexOf("FE=> SimpleQuery(") + 17));
              }
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
  }
}
