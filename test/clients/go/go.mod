// The pgx v5 program of test/clients/pgx.test.ts. pgx v5.5.x is the newest line whose go.mod
// asks for no more than Go 1.19, the Go of Debian 12 (golang-go), which .ci/run installs.
module eddy/clients/pgx

go 1.19

require github.com/jackc/pgx/v5 v5.5.5

require (
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20221227161230-091c0ba34f0a // indirect
	golang.org/x/crypto v0.17.0 // indirect
	golang.org/x/text v0.14.0 // indirect
)
