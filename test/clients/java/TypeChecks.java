// The PreparedStatement type checks of EddyJdbcCheck beyond the common setters of Checks: real,
// time, interval (PGInterval), jsonb (setObject with Types.OTHER), varchar(n), char(n), int4[] and
// text[] (createArrayOf / getArray) and the java.time classes (LocalDate, LocalDateTime,
// OffsetDateTime). Each row is written and read back through one PreparedStatement run more than
// prepareThreshold times, so the later runs use a named server-side statement and binary results.
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.postgresql.util.PGInterval;

final class TypeChecks {
  private TypeChecks() {}

  static final LocalDate DAY = LocalDate.of(2024, 2, 29);
  static final LocalDateTime AT = LocalDateTime.of(2024, 2, 29, 13, 45, 6, 789012000);
  static final OffsetDateTime AT_TZ = OffsetDateTime.of(AT, ZoneOffset.UTC);
  static final int RUNS = 7; // more than pgjdbc's prepareThreshold (5)

  static Map<String, Object> preparedTypes(Connection conn) throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute("CREATE TABLE jtypes (i int PRIMARY KEY, f4 real, t time, iv interval, js jsonb,"
          + " vc varchar(10), ch char(3), ints int4[], txts text[], d date, ts timestamp,"
          + " tstz timestamptz)");
    }
    try (PreparedStatement ps = conn.prepareStatement(
        "INSERT INTO jtypes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (int k = 0; k < RUNS; k++) {
        ps.setInt(1, k);
        ps.setFloat(2, 1.5f + k);
        ps.setTime(3, Time.valueOf("12:34:56"));
        ps.setObject(4, new PGInterval(0, 0, 1 + k, 2, 0, 0));
        ps.setObject(5, "{\"k\": " + k + ", \"a\": [1, \"x\"]}", Types.OTHER);
        ps.setString(6, "vc" + k);
        ps.setString(7, "ab");
        ps.setArray(8, conn.createArrayOf("int4", new Integer[] {k, null, -k}));
        ps.setArray(9, conn.createArrayOf("text", new String[] {"a,b", "\"q\"", null}));
        ps.setObject(10, DAY.plusDays(k));
        ps.setObject(11, AT.plusHours(k));
        ps.setObject(12, AT_TZ.plusMinutes(k));
        EddyJdbcCheck.expect(ps.executeUpdate(), 1, "insert run " + k);
      }
    }
    try (PreparedStatement ps = conn.prepareStatement(
        "SELECT f4, t, iv, js, vc, ch, ints, txts, d, ts, tstz FROM jtypes WHERE i = ?")) {
      for (int k = 0; k < RUNS; k++) {
        ps.setInt(1, k);
        try (ResultSet rs = ps.executeQuery()) {
          String run = " (run " + k + ")";
          EddyJdbcCheck.expect(rs.next(), true, "row" + run);
          EddyJdbcCheck.expect(rs.getFloat(1), 1.5f + k, "real" + run);
          EddyJdbcCheck.expect(rs.getTime(2), Time.valueOf("12:34:56"), "time" + run);
          EddyJdbcCheck.expect(rs.getObject(3), new PGInterval(0, 0, 1 + k, 2, 0, 0),
              "interval" + run);
          EddyJdbcCheck.expect(rs.getString(4), "{\"a\": [1, \"x\"], \"k\": " + k + "}",
              "jsonb" + run);
          EddyJdbcCheck.expect(rs.getString(5), "vc" + k, "varchar" + run);
          EddyJdbcCheck.expect(rs.getString(6), "ab ", "char(3)" + run);
          Array ints = rs.getArray(7);
          EddyJdbcCheck.expect(Arrays.toString((Object[]) ints.getArray()),
              Arrays.toString(new Integer[] {k, null, -k}), "int4[]" + run);
          EddyJdbcCheck.expect(ints.getBaseTypeName(), "int4", "int4[] base type" + run);
          EddyJdbcCheck.expect(Arrays.toString((Object[]) rs.getArray(8).getArray()),
              "[a,b, \"q\", null]", "text[]" + run);
          EddyJdbcCheck.expect(rs.getObject(9, LocalDate.class), DAY.plusDays(k), "date" + run);
          EddyJdbcCheck.expect(rs.getObject(10, LocalDateTime.class), AT.plusHours(k),
              "timestamp" + run);
          EddyJdbcCheck.expect(rs.getObject(11, OffsetDateTime.class), AT_TZ.plusMinutes(k),
              "timestamptz" + run);
        }
      }
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("runs", RUNS);
    return d;
  }
}
