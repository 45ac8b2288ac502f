// PostgreSQL text input/output of every type (stub; full implementation in progress).
import type { Datum } from '../datum.js';
import type { SqlType } from '../types.js';
import { DEFAULT_IO_SETTINGS, type IoSettings } from './settings.js';

export function parseText(
  text: string,
  type: SqlType,
  settings: IoSettings = DEFAULT_IO_SETTINGS,
): Datum {
  void settings;
  throw new Error(`parseText not implemented: ${text} ${type.kind}`);
}

export function formatText(d: Datum, type: SqlType, settings: IoSettings): string {
  void settings;
  throw new Error(`formatText not implemented: ${String(d)} ${type.kind}`);
}
