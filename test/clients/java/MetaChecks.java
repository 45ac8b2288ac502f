// The DatabaseMetaData checks of EddyJdbcCheck: getTables, getColumns, getPrimaryKeys,
// getSchemas, getCatalogs, getTableTypes, getIndexInfo, getTypeInfo. pgjdbc answers each with its own query over pg_catalog, so these
// exercise Eddy's catalog; a failure records that query (see EddyJdbcCheck.check).
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

final class MetaChecks {
  private MetaChecks() {}

  static void runAll(Connection conn) {
    EddyJdbcCheck.check("create_view", () -> {
      try (Statement st = conn.createStatement()) {
        st.execute("CREATE VIEW jv AS SELECT i, txt FROM jt WHERE i > 0");
      }
      return null;
    });
    DatabaseMetaData[] md = new DatabaseMetaData[1];
    EddyJdbcCheck.check("metadata", () -> {
      md[0] = conn.getMetaData();
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("identifierQuoteString", md[0].getIdentifierQuoteString());
      d.put("userName", md[0].getUserName());
      return d;
    });
    if (md[0] == null) return;
    DatabaseMetaData meta = md[0];
    EddyJdbcCheck.check("getTables", () ->
        rows(meta.getTables(null, "public", "%", null), "TABLE_NAME", "TABLE_TYPE"));
    EddyJdbcCheck.check("getTables_typed", () ->
        rows(meta.getTables(null, "public", "j%", new String[] {"VIEW"}), "TABLE_NAME",
            "TABLE_TYPE"));
    EddyJdbcCheck.check("getColumns", () ->
        rows(meta.getColumns(null, "public", "jt", "%"), "ORDINAL_POSITION", "COLUMN_NAME",
            "TYPE_NAME", "DATA_TYPE", "IS_NULLABLE"));
    EddyJdbcCheck.check("getPrimaryKeys", () ->
        rows(meta.getPrimaryKeys(null, "public", "jt"), "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
    EddyJdbcCheck.check("getSchemas", () -> rows(meta.getSchemas(), "TABLE_SCHEM"));
    EddyJdbcCheck.check("getCatalogs", () -> rows(meta.getCatalogs(), "TABLE_CAT"));
    EddyJdbcCheck.check("getTableTypes", () -> rows(meta.getTableTypes(), "TABLE_TYPE"));
    EddyJdbcCheck.check("getIndexInfo", () ->
        rows(meta.getIndexInfo(null, "public", "jt", false, false), "INDEX_NAME", "NON_UNIQUE",
            "ORDINAL_POSITION", "COLUMN_NAME"));
    EddyJdbcCheck.check("getTypeInfo", () -> {
      Map<String, Object> all = rows(meta.getTypeInfo(), "TYPE_NAME", "DATA_TYPE");
      @SuppressWarnings("unchecked")
      List<String> list = (List<String>) all.get("rows");
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("count", list.size());
      List<String> common = new ArrayList<>();
      for (String r : list) {
        String name = r.substring(0, r.indexOf('|'));
        if (List.of("int4", "int8", "text", "numeric", "bool", "uuid", "jsonb", "timestamptz")
            .contains(name)) {
          common.add(r);
        }
      }
      common.sort(null); // the order of getTypeInfo follows pg_type's physical order
      d.put("rows", common);
      return d;
    });
  }

  /** The given columns of every row, each row as "v1|v2|...", as {"rows": [...]}. */
  static Map<String, Object> rows(ResultSet rs, String... columns) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < columns.length; c++) {
          sb.append(c > 0 ? "|" : "").append(rs.getString(columns[c]));
        }
        out.add(sb.toString());
      }
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("rows", out);
    return d;
  }
}
