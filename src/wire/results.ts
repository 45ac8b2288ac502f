// Sending a StatementResult to the client: notices first, then rows (DataRow per row, in
// batches, output handed to the socket in large writes), command tags, the empty query, and the
// two COPY sub-protocols (CopyIn: CopyData/CopyDone/CopyFail from the client; CopyOut: CopyData
// per chunk, CopyDone).
import { abortable, EddyError, protocolViolation, queryCanceled } from '../errors/index.js';
import { assertNever } from '../repr/index.js';
import type { Notices, ResultColumn, RowSource, StatementResult } from '../session/api.js';
import { OUTPUT_FLUSH_THRESHOLD, type Connection } from './connection.js';
import { decodeMessage } from './messages.js';
import { fatalProtocolViolation } from './reader.js';
import { encodeRow, ioSettings, type Format } from './values.js';

/** Rows fetched from a RowSource per call when the client set no limit. */
const FETCH_BATCH = 1000;

export function sendNotices(conn: Connection, r: Notices): void {
  for (const n of r.notices ?? []) conn.out.noticeResponse(n);
  for (const [name, value] of r.parameterStatus ?? []) conn.pendingStatus.set(name, value);
}

/** A RowSource being read, and whether it reported its end. */
export interface Cursor {
  readonly rows: RowSource;
  done: boolean;
}

/**
 * Sends up to `limit` rows (0 = all) as DataRows; returns how many were sent. Closes the
 * source if sending fails.
 */
export async function streamRows(
  conn: Connection,
  cursor: Cursor,
  columns: readonly ResultColumn[],
  formats: readonly Format[],
  limit: number,
  controller: AbortController,
): Promise<number> {
  const settings = ioSettings(conn.session!);
  let sent = 0;
  try {
    while (!cursor.done && (limit <= 0 || sent < limit)) {
      if (controller.signal.aborted) throw queryCanceled();
      const want = limit <= 0 ? FETCH_BATCH : Math.min(limit - sent, FETCH_BATCH);
      const streaming = cursor.rows.streaming === true;
      // Rows already computed are taken as they are (nothing to wait for, nothing to cancel).
      const batch =
        cursor.rows.take?.(want) ??
        (await conn.whileRunning(
          controller,
          abortable(cursor.rows.fetch(want), controller.signal, queryCanceled),
        ));
      for (const row of batch.rows) conn.out.dataRow(encodeRow(row, columns, formats, settings));
      sent += batch.rows.length;
      if (batch.done || (!streaming && batch.rows.length < want)) cursor.done = true;
      if (streaming || conn.out.length >= OUTPUT_FLUSH_THRESHOLD) await conn.flush();
      // A live source read with a row limit (a protocol-level cursor) waits until the limit is
      // reached, as PostgreSQL's Execute does: clients such as pg-query-stream take a short
      // batch for the end of the result.
    }
  } catch (e) {
    if (!cursor.done) cursor.rows.close();
    cursor.done = true;
    throw e;
  }
  return sent;
}

type NonRows = Exclude<StatementResult, { kind: 'rows' }>;

/** Completes a result that is not a row set: command, empty, COPY in or out. */
export async function sendNonRows(
  conn: Connection,
  result: NonRows,
  controller: AbortController,
): Promise<void> {
  switch (result.kind) {
    case 'command':
      conn.out.commandComplete(result.tag);
      return;
    case 'empty':
      conn.out.emptyQueryResponse();
      return;
    case 'copyIn':
      return copyIn(conn, result);
    case 'copyOut':
      return copyOut(conn, result, controller);
    default:
      return assertNever(result);
  }
}

async function copyIn(
  conn: Connection,
  result: Extract<StatementResult, { kind: 'copyIn' }>,
): Promise<void> {
  conn.out.copyInResponse(result.format, result.columnFormats);
  await conn.flush();
  for (;;) {
    const raw = await conn.nextRaw().catch((e: unknown) => {
      result.abort('connection lost');
      throw e;
    });
    if (raw === null) {
      result.abort('connection lost');
      return;
    }
    let m;
    try {
      m = decodeMessage(raw);
    } catch (e) {
      result.abort('invalid message');
      throw e;
    }
    switch (m.kind) {
      case 'copyData':
        try {
          result.write(m.data);
        } catch (e) {
          result.abort('error in COPY data');
          throw e;
        }
        continue;
      case 'copyDone':
        conn.out.commandComplete(await result.end());
        return;
      case 'copyFail':
        result.abort(m.message);
        throw new EddyError('57014', `COPY from stdin failed: ${m.message}`);
      case 'flush':
      case 'sync':
        // Ignored during COPY, as PostgreSQL does (the extended protocol sends them).
        continue;
      default: {
        const hex = raw.code.toString(16).toUpperCase().padStart(2, '0');
        result.abort('unexpected message');
        // PostgreSQL reports the error, then gives up on the connection: the message it was
        // reading cannot be resynchronized.
        conn.out.errorResponse(
          protocolViolation(`unexpected message type 0x${hex} during COPY from stdin`),
        );
        throw fatalProtocolViolation(
          'terminating connection because protocol synchronization was lost',
        );
      }
    }
  }
}

async function copyOut(
  conn: Connection,
  result: Extract<StatementResult, { kind: 'copyOut' }>,
  controller: AbortController,
): Promise<void> {
  conn.out.copyOutResponse(result.format, result.columnFormats);
  try {
    for (;;) {
      if (controller.signal.aborted) throw queryCanceled();
      const chunk = await conn.whileRunning(
        controller,
        abortable(result.next(), controller.signal, queryCanceled),
      );
      if (chunk === null) break;
      conn.out.copyData(chunk);
      if (result.streaming === true || conn.out.length >= OUTPUT_FLUSH_THRESHOLD)
        await conn.flush();
    }
  } finally {
    result.close();
  }
  conn.out.copyDone();
  conn.out.commandComplete(result.tag());
}
