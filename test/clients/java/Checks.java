// The data checks of EddyJdbcCheck: Statement and PreparedStatement with every common setter,
// ResultSet getters, batches, prepared-statement reuse, transactions and SQLSTATEs. More types
// are in TypeChecks, the DatabaseMetaData checks in MetaChecks.
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

final class Checks {
  static final long BIG = 9007199254740993L; // 2^53 + 1: not exact as a double
  static final BigDecimal NUM = new BigDecimal("12345678901234567890.123456789");
  static final String TXT = "héllo 'quoted' \"x\" \\ tab\t€";
  static final Date DAY = Date.valueOf("2024-02-29");
  static final Timestamp TS = Timestamp.valueOf("2024-02-29 13:45:06.789012");
  static final byte[] RAW = {0, 1, (byte) 0xfe, (byte) 0xff, 'b', 'i', 'n'};
  static final UUID ID = UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11");

  static Connection conn;

  static void runAll() throws Exception {
    EddyJdbcCheck.check("connect", () -> {
      conn = EddyJdbcCheck.connect("");
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("product", conn.getMetaData().getDatabaseProductName());
      d.put("version", conn.getMetaData().getDatabaseProductVersion());
      d.put("driver", conn.getMetaData().getDriverVersion());
      return d;
    });
    if (conn == null) return;
    EddyJdbcCheck.check("create_table", Checks::createTable);
    EddyJdbcCheck.check("prepared_insert", Checks::preparedInsert);
    EddyJdbcCheck.check("resultset_getters", Checks::resultSetGetters);
    EddyJdbcCheck.check("statement_query", Checks::statementQuery);
    EddyJdbcCheck.check("simple_query_mode", Checks::simpleQueryMode);
    EddyJdbcCheck.check("prepared_reuse", Checks::preparedReuse);
    EddyJdbcCheck.check("prepared_types", () -> TypeChecks.preparedTypes(conn));
    EddyJdbcCheck.check("batch_insert", () -> batch("", 1000));
    EddyJdbcCheck.check("batch_rewritten", () -> batch("reWriteBatchedInserts=true", 2000));
    EddyJdbcCheck.check("transaction_commit_rollback", Checks::transactions);
    EddyJdbcCheck.check("sqlstate_22012", Checks::divisionByZero);
    EddyJdbcCheck.check("error_in_transaction", Checks::errorInTransaction);
    MetaChecks.runAll(conn);
    conn.close();
  }

  static Map<String, Object> createTable() throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute(
          "CREATE TABLE jt (i int PRIMARY KEY, big bigint, num numeric, txt text, flag boolean,"
              + " day date, ts timestamp, tstz timestamptz, raw bytea, id uuid, fl float8,"
              + " short smallint)");
    }
    return null;
  }

  static final String INSERT =
      "INSERT INTO jt (i, big, num, txt, flag, day, ts, tstz, raw, id, fl, short)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static Map<String, Object> preparedInsert() throws SQLException {
    try (PreparedStatement ps = conn.prepareStatement(INSERT)) {
      ps.setInt(1, 1);
      ps.setLong(2, BIG);
      ps.setBigDecimal(3, NUM);
      ps.setString(4, TXT);
      ps.setBoolean(5, true);
      ps.setDate(6, DAY);
      ps.setTimestamp(7, TS);
      ps.setTimestamp(8, TS);
      ps.setBytes(9, RAW);
      ps.setObject(10, ID);
      ps.setDouble(11, 0.1);
      ps.setShort(12, (short) -7);
      EddyJdbcCheck.expect(ps.executeUpdate(), 1, "update count");
      ps.setInt(1, 2);
      for (int p = 2; p <= 12; p++) ps.setNull(p, Types.NULL);
      ps.setNull(3, Types.NUMERIC);
      ps.setNull(10, Types.OTHER);
      EddyJdbcCheck.expect(ps.executeUpdate(), 1, "update count of the NULL row");
    }
    return null;
  }

  static Map<String, Object> resultSetGetters() throws SQLException {
    Map<String, Object> d = new LinkedHashMap<>();
    try (Statement st = conn.createStatement();
        ResultSet rs = st.executeQuery(
            "SELECT i, big, num, txt, flag, day, ts, tstz, raw, id, fl, short FROM jt ORDER BY i")) {
      EddyJdbcCheck.expect(rs.next(), true, "first row");
      EddyJdbcCheck.expect(rs.getInt("i"), 1, "getInt");
      EddyJdbcCheck.expect(rs.getLong("big"), BIG, "getLong");
      EddyJdbcCheck.expect(rs.getBigDecimal("num"), NUM, "getBigDecimal");
      EddyJdbcCheck.expect(rs.getString("txt"), TXT, "getString");
      EddyJdbcCheck.expect(rs.getBoolean("flag"), true, "getBoolean");
      EddyJdbcCheck.expect(rs.getDate("day"), DAY, "getDate");
      EddyJdbcCheck.expect(rs.getTimestamp("ts"), TS, "getTimestamp (timestamp)");
      EddyJdbcCheck.expect(rs.getTimestamp("tstz"), TS, "getTimestamp (timestamptz)");
      EddyJdbcCheck.expect(rs.getBytes("raw"), RAW, "getBytes");
      EddyJdbcCheck.expect(rs.getObject("id"), ID, "getObject (uuid)");
      EddyJdbcCheck.expect(rs.getObject("id", UUID.class), ID, "getObject(UUID.class)");
      EddyJdbcCheck.expect(rs.getDouble("fl"), 0.1, "getDouble");
      EddyJdbcCheck.expect(rs.getShort("short"), (short) -7, "getShort");
      EddyJdbcCheck.expect(rs.getString("day"), "2024-02-29", "getString (date)");
      EddyJdbcCheck.expect(rs.getString("flag"), "t", "getString (boolean)");
      EddyJdbcCheck.expect(rs.getObject("big").getClass().getName(), "java.lang.Long", "class");
      EddyJdbcCheck.expect(rs.next(), true, "second row");
      EddyJdbcCheck.expect(rs.getLong("big"), 0L, "getLong of NULL");
      EddyJdbcCheck.expect(rs.wasNull(), true, "wasNull");
      EddyJdbcCheck.expect(rs.getBigDecimal("num"), null, "getBigDecimal of NULL");
      EddyJdbcCheck.expect(rs.getObject("id"), null, "getObject of NULL");
      EddyJdbcCheck.expect(rs.next(), false, "end of rows");
      java.sql.ResultSetMetaData md = rs.getMetaData();
      StringBuilder types = new StringBuilder();
      for (int c = 1; c <= md.getColumnCount(); c++) {
        types.append(c > 1 ? "," : "").append(md.getColumnTypeName(c));
      }
      d.put("columnTypes", types.toString());
    }
    return d;
  }

  static Map<String, Object> statementQuery() throws SQLException {
    try (Statement st = conn.createStatement()) {
      EddyJdbcCheck.expect(
          st.executeUpdate("UPDATE jt SET txt = 'upd' WHERE i = 2"), 1, "UPDATE count");
      EddyJdbcCheck.expect(st.execute("SELECT txt FROM jt WHERE i = 2"), true, "execute");
      try (ResultSet rs = st.getResultSet()) {
        rs.next();
        EddyJdbcCheck.expect(rs.getString(1), "upd", "updated value");
      }
      EddyJdbcCheck.expect(st.execute("DELETE FROM jt WHERE i = 99"), false, "execute(DELETE)");
      EddyJdbcCheck.expect(st.getUpdateCount(), 0, "DELETE count");
    }
    return null;
  }

  static Map<String, Object> simpleQueryMode() throws SQLException {
    try (Connection c = EddyJdbcCheck.connect("preferQueryMode=simple");
        PreparedStatement ps = c.prepareStatement("SELECT num, txt, id FROM jt WHERE big = ?")) {
      ps.setLong(1, BIG);
      try (ResultSet rs = ps.executeQuery()) {
        EddyJdbcCheck.expect(rs.next(), true, "row");
        EddyJdbcCheck.expect(rs.getBigDecimal(1), NUM, "numeric");
        EddyJdbcCheck.expect(rs.getString(2), TXT, "text");
        EddyJdbcCheck.expect(rs.getObject(3), ID, "uuid");
      }
    }
    return null;
  }

  static Map<String, Object> preparedReuse() throws SQLException {
    // pgjdbc switches to a named server-side statement (and binary results) from the 5th run.
    try (PreparedStatement ps =
        conn.prepareStatement("SELECT i, big, num, tstz, $$lit$$ || ? FROM jt WHERE i = ?")) {
      for (int k = 0; k < 10; k++) {
        ps.setString(1, "#" + k);
        ps.setInt(2, 1);
        try (ResultSet rs = ps.executeQuery()) {
          EddyJdbcCheck.expect(rs.next(), true, "row on run " + k);
          EddyJdbcCheck.expect(rs.getLong(2), BIG, "bigint on run " + k);
          EddyJdbcCheck.expect(rs.getBigDecimal(3), NUM, "numeric on run " + k);
          EddyJdbcCheck.expect(rs.getTimestamp(4), TS, "timestamptz on run " + k);
          EddyJdbcCheck.expect(rs.getString(5), "lit#" + k, "text on run " + k);
        }
      }
    }
    return null;
  }

  static Map<String, Object> batch(String options, int base) throws SQLException {
    try (Connection c = EddyJdbcCheck.connect(options);
        PreparedStatement ps = c.prepareStatement("INSERT INTO jt (i, txt, fl) VALUES (?, ?, ?)")) {
      for (int k = 0; k < 100; k++) {
        ps.setInt(1, base + k);
        ps.setString(2, "batch " + k);
        ps.setDouble(3, k / 4.0);
        ps.addBatch();
      }
      int[] counts = ps.executeBatch();
      EddyJdbcCheck.expect(counts.length, 100, "batch result count");
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery(
              "SELECT count(*), sum(fl) FROM jt WHERE i >= " + base + " AND i < " + (base + 100))) {
        rs.next();
        EddyJdbcCheck.expect(rs.getLong(1), 100L, "rows inserted");
        EddyJdbcCheck.expect(rs.getDouble(2), 1237.5, "sum of fl");
      }
    }
    return null;
  }

  static long countWhere(Connection c, String where) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM jt WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Map<String, Object> transactions() throws SQLException {
    try (Connection c = EddyJdbcCheck.connect("")) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO jt (i, txt) VALUES (3000, 'rolled back')");
        EddyJdbcCheck.expect(countWhere(c, "i = 3000"), 1L, "own write before rollback");
        c.rollback();
        EddyJdbcCheck.expect(countWhere(c, "i = 3000"), 0L, "after rollback");
        st.executeUpdate("INSERT INTO jt (i, txt) VALUES (3001, 'committed')");
        EddyJdbcCheck.expect(countWhere(conn, "i = 3001"), 0L, "uncommitted, other session");
        c.commit();
      }
      EddyJdbcCheck.expect(countWhere(conn, "i = 3001"), 1L, "committed, other session");
    }
    return null;
  }

  static Map<String, Object> divisionByZero() throws SQLException {
    Map<String, Object> d = new LinkedHashMap<>();
    try (PreparedStatement ps = conn.prepareStatement("SELECT 1 / ?")) {
      ps.setInt(1, 0);
      ps.executeQuery();
      throw new AssertionError("no SQLException");
    } catch (SQLException e) {
      EddyJdbcCheck.expect(e.getSQLState(), "22012", "SQLState");
      d.put("message", e.getMessage());
    }
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT 5")) {
      rs.next();
      EddyJdbcCheck.expect(rs.getInt(1), 5, "query after the error");
    }
    return d;
  }

  static Map<String, Object> errorInTransaction() throws SQLException {
    try (Connection c = EddyJdbcCheck.connect("")) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        try {
          st.executeQuery("SELECT 1 / 0");
          throw new AssertionError("no SQLException");
        } catch (SQLException e) {
          EddyJdbcCheck.expect(e.getSQLState(), "22012", "SQLState");
        }
        try {
          st.executeQuery("SELECT 1");
          throw new AssertionError("statement accepted in a failed transaction");
        } catch (SQLException e) {
          EddyJdbcCheck.expect(e.getSQLState(), "25P02", "SQLState in failed transaction");
        }
        c.rollback();
        try (ResultSet rs = st.executeQuery("SELECT 6")) {
          rs.next();
          EddyJdbcCheck.expect(rs.getInt(1), 6, "query after rollback");
        }
      }
    }
    return null;
  }
}
