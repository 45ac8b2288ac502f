// End-to-end checks of Eddy through pgx v5, run by test/clients/pgx.test.ts as
//
//	eddy-pgx PORT [URL]
//
// (URL, e.g. of a PostgreSQL server, replaces Eddy's at 127.0.0.1:PORT: how the checks were
// proved against PostgreSQL.)
//
// Each check runs on its own and records {"ok": true, ...} or {"ok": false, "error": ...,
// "sqlstate": ...}; the program prints every result as one JSON object on its last line of
// stdout. pgx sends parameters and reads results in binary for the types it knows in its
// default (extended, cached statement) mode, interpolates them client-side in
// QueryExecModeSimpleProtocol, and speaks binary COPY in CopyFrom.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"reflect"
	"runtime/debug"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

var (
	ctx     = context.Background()
	results = map[string]map[string]any{}
	order   []string
)

func check(name string, fn func() (map[string]any, error)) {
	order = append(order, name)
	detail, err := fn()
	if err != nil {
		r := map[string]any{"ok": false, "error": err.Error()}
		var pgErr *pgconn.PgError
		if errors.As(err, &pgErr) {
			r["sqlstate"] = pgErr.Code
		}
		results[name] = r
		return
	}
	r := map[string]any{"ok": true}
	for k, v := range detail {
		r[k] = v
	}
	results[name] = r
}

func expect(got, want any, what string) error {
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("%s: got %#v, expected %#v", what, got, want)
	}
	return nil
}

func pgxVersion() string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/jackc/pgx/v5" {
				return dep.Version
			}
		}
	}
	return "unknown"
}

func connect(port string, mode pgx.QueryExecMode) (*pgx.Conn, error) {
	url := fmt.Sprintf("postgres://eddy@127.0.0.1:%s/eddy?sslmode=disable", port)
	if len(os.Args) > 2 {
		url = os.Args[2]
	}
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	cfg.DefaultQueryExecMode = mode
	return pgx.ConnectConfig(ctx, cfg)
}

// One row of every type the checks send, and what comes back.
type typed struct {
	I    int32
	Big  int64
	Num  pgtype.Numeric
	Txt  string
	Flag bool
	Day  time.Time
	At   time.Time
	Raw  []byte
	ID   pgtype.UUID
	Doc  map[string]any
	Fl   float64
	Ints []int32
	Tags []string
}

var sample = typed{
	I:    1,
	Big:  9007199254740993,
	Num:  pgtype.Numeric{Int: big.NewInt(12345678901234567), Exp: -9, Valid: true},
	Txt:  "héllo 'quoted' \\ tab\t",
	Flag: true,
	Day:  time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC),
	At:   time.Date(2024, 2, 29, 13, 45, 6, 789012000, time.UTC),
	Raw:  []byte{0, 1, 254, 255},
	ID:   pgtype.UUID{Bytes: [16]byte{0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11}, Valid: true},
	Doc:  map[string]any{"a": []any{1.0, "x"}, "b": nil},
	Fl:   0.1,
	Ints: []int32{1, 2, -3},
	Tags: []string{"a,b", "\"q\"", ""},
}

const typedColumns = "i, big, num, txt, flag, day, at, raw, id, doc, fl, ints, tags"

func (t *typed) args() []any {
	return []any{t.I, t.Big, t.Num, t.Txt, t.Flag, t.Day, t.At, t.Raw, t.ID, t.Doc, t.Fl, t.Ints, t.Tags}
}

func (t *typed) dest() []any {
	return []any{&t.I, &t.Big, &t.Num, &t.Txt, &t.Flag, &t.Day, &t.At, &t.Raw, &t.ID, &t.Doc, &t.Fl, &t.Ints, &t.Tags}
}

// readTyped reads the row with id i and compares every column with sample (id set to i).
func readTyped(conn *pgx.Conn, table string, i int32, mode pgx.QueryExecMode) error {
	var got typed
	err := conn.QueryRow(ctx, "SELECT "+typedColumns+" FROM "+table+" WHERE i = $1", mode, i).Scan(got.dest()...)
	if err != nil {
		return err
	}
	want := sample
	want.I = i
	got.At = got.At.UTC()
	if got.Num.Int.Cmp(want.Num.Int) != 0 || got.Num.Exp != want.Num.Exp {
		return fmt.Errorf("numeric: got %v e%d", got.Num.Int, got.Num.Exp)
	}
	got.Num = want.Num
	return expect(got, want, "row "+fmt.Sprint(i)+" of "+table)
}

func main() {
	port := os.Args[1]
	var conn *pgx.Conn
	check("connect", func() (map[string]any, error) {
		var err error
		conn, err = connect(port, pgx.QueryExecModeCacheStatement)
		if err != nil {
			return nil, err
		}
		return map[string]any{"pgx": pgxVersion(), "server_version": conn.PgConn().ParameterStatus("server_version")}, nil
	})
	if conn == nil {
		report()
		return
	}
	defer conn.Close(ctx)
	runChecks(conn, port)
	report()
}

func report() {
	out := map[string]any{}
	for _, name := range order {
		out[name] = results[name]
	}
	line, _ := json.Marshal(out)
	fmt.Println(string(line))
}
