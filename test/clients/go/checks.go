// The checks of the pgx program (see main.go): statement modes, batches, CopyFrom,
// transactions with savepoints and errors with their SQLSTATE.
package main

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

const createTyped = `(i int PRIMARY KEY, big bigint, num numeric, txt text, flag boolean, day date,
	at timestamptz, raw bytea, id uuid, doc jsonb, fl float8, ints int4[], tags text[])`

func insertTyped(conn *pgx.Conn, table string, i int32, mode pgx.QueryExecMode) error {
	row := sample
	row.I = i
	args := append([]any{mode}, row.args()...)
	tag, err := conn.Exec(ctx, "INSERT INTO "+table+" ("+typedColumns+") VALUES "+
		"($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)", args...)
	if err != nil {
		return err
	}
	return expect(tag.RowsAffected(), int64(1), "rows affected")
}

func sqlstate(err error) string {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		return pgErr.Code
	}
	return fmt.Sprintf("no PgError: %v", err)
}

func count(conn *pgx.Conn, where string) (n int64, err error) {
	err = conn.QueryRow(ctx, "SELECT count(*) FROM typed WHERE "+where).Scan(&n)
	return
}

func runChecks(conn *pgx.Conn, port string) {
	check("create_table", func() (map[string]any, error) {
		_, err := conn.Exec(ctx, "CREATE TABLE typed "+createTyped)
		return nil, err
	})
	// The default mode: named statements, binary parameters and results for these types.
	check("extended_binary", func() (map[string]any, error) {
		if err := insertTyped(conn, "typed", 1, pgx.QueryExecModeCacheStatement); err != nil {
			return nil, err
		}
		return nil, readTyped(conn, "typed", 1, pgx.QueryExecModeCacheStatement)
	})
	modes := map[string]pgx.QueryExecMode{
		"mode_cache_describe": pgx.QueryExecModeCacheDescribe,
		"mode_describe_exec":  pgx.QueryExecModeDescribeExec,
	}
	for _, name := range []string{"mode_cache_describe", "mode_describe_exec"} {
		mode := modes[name]
		id := int32(len(order) + 10)
		check(name, func() (map[string]any, error) {
			if err := insertTyped(conn, "typed", id, mode); err != nil {
				return nil, err
			}
			return nil, readTyped(conn, "typed", id, mode)
		})
	}
	check("simple_protocol", func() (map[string]any, error) {
		sc, err := connect(port, pgx.QueryExecModeSimpleProtocol)
		if err != nil {
			return nil, err
		}
		defer sc.Close(ctx)
		var (
			n   int64
			s   string
			num pgtype.Numeric
			fl  float64
		)
		err = sc.QueryRow(ctx, "SELECT $1::int8 + 1, $2::text || '!', $3::numeric, $4::float8",
			int64(41), "it's", pgtype.Numeric{Int: big.NewInt(-15), Exp: -1, Valid: true}, 2.5).
			Scan(&n, &s, &num, &fl)
		if err != nil {
			return nil, err
		}
		if err := expect([]any{n, s, num.Int.String(), num.Exp, fl}, []any{int64(42), "it's!", "-15", int32(-1), 2.5}, "values"); err != nil {
			return nil, err
		}
		var got []int32
		if err := sc.QueryRow(ctx, "SELECT ints FROM typed WHERE i = 1").Scan(&got); err != nil {
			return nil, err
		}
		return nil, expect(got, sample.Ints, "int4[] in text format")
	})
	check("batch", func() (map[string]any, error) {
		b := &pgx.Batch{}
		b.Queue("INSERT INTO typed (i, txt) VALUES ($1, $2)", 50, "batched")
		b.Queue("SELECT txt FROM typed WHERE i = $1", 50)
		b.Queue("SELECT count(*) FROM typed")
		br := conn.SendBatch(ctx, b)
		if _, err := br.Exec(); err != nil {
			return nil, err
		}
		var txt string
		if err := br.QueryRow().Scan(&txt); err != nil {
			return nil, err
		}
		var n int64
		if err := br.QueryRow().Scan(&n); err != nil {
			return nil, err
		}
		if err := br.Close(); err != nil {
			return nil, err
		}
		return map[string]any{"rows": n}, expect(txt, "batched", "batched read")
	})
	check("copy_from", func() (map[string]any, error) {
		if _, err := conn.Exec(ctx, "CREATE TABLE typed_copy "+createTyped); err != nil {
			return nil, err
		}
		var rows [][]any
		for i := int32(100); i < 300; i++ {
			row := sample
			row.I = i
			rows = append(rows, row.args())
		}
		rows = append(rows, []any{int32(300), nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil})
		cols := []string{"i", "big", "num", "txt", "flag", "day", "at", "raw", "id", "doc", "fl", "ints", "tags"}
		n, err := conn.CopyFrom(ctx, pgx.Identifier{"typed_copy"}, cols, pgx.CopyFromRows(rows))
		if err != nil {
			return nil, err
		}
		if err := expect(n, int64(201), "rows copied"); err != nil {
			return nil, err
		}
		for _, i := range []int32{100, 299} {
			if err := readTyped(conn, "typed_copy", i, pgx.QueryExecModeCacheStatement); err != nil {
				return nil, err
			}
		}
		var nulls int64
		err = conn.QueryRow(ctx, "SELECT count(*) FROM typed_copy WHERE i = 300 AND big IS NULL AND doc IS NULL AND tags IS NULL").Scan(&nulls)
		if err != nil {
			return nil, err
		}
		return nil, expect(nulls, int64(1), "row of NULLs")
	})
	check("transaction", func() (map[string]any, error) {
		tx, err := conn.Begin(ctx)
		if err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO typed (i) VALUES (60)"); err != nil {
			return nil, err
		}
		if err := tx.Rollback(ctx); err != nil {
			return nil, err
		}
		if n, err := count(conn, "i = 60"); err != nil || n != 0 {
			return nil, fmt.Errorf("after rollback: %d rows, %v", n, err)
		}
		tx, err = conn.Begin(ctx)
		if err != nil {
			return nil, err
		}
		if _, err := tx.Exec(ctx, "INSERT INTO typed (i) VALUES (61)"); err != nil {
			return nil, err
		}
		nested, err := tx.Begin(ctx) // SAVEPOINT
		if err != nil {
			return nil, err
		}
		if _, err := nested.Exec(ctx, "INSERT INTO typed (i) VALUES (62)"); err != nil {
			return nil, err
		}
		if err := nested.Rollback(ctx); err != nil { // ROLLBACK TO SAVEPOINT
			return nil, err
		}
		if err := tx.Commit(ctx); err != nil {
			return nil, err
		}
		n, err := count(conn, "i IN (61, 62)")
		if err != nil {
			return nil, err
		}
		return nil, expect(n, int64(1), "rows after commit with a rolled back savepoint")
	})
	check("errors", func() (map[string]any, error) {
		var n int32
		err := conn.QueryRow(ctx, "SELECT 1 / $1::int", 0).Scan(&n)
		if err := expect(sqlstate(err), "22012", "division by zero"); err != nil {
			return nil, err
		}
		_, err = conn.Exec(ctx, "SELECT * FROM no_such_table")
		if err := expect(sqlstate(err), "42P01", "undefined table"); err != nil {
			return nil, err
		}
		_, err = conn.Exec(ctx, "INSERT INTO typed (i) VALUES (1)")
		if err := expect(sqlstate(err), "23505", "unique violation"); err != nil {
			return nil, err
		}
		if err := conn.QueryRow(ctx, "SELECT 7").Scan(&n); err != nil {
			return nil, err
		}
		return nil, expect(n, int32(7), "query after errors")
	})
}
