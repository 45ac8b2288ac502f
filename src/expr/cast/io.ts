// Text I/O settings of an evaluation (DateStyle, IntervalStyle, TimeZone, extra_float_digits,
// bytea_output), read from the session through EvalContext, for casts that go through text.
import { ioSettings as settingsIo, type IoSettings } from '../../repr/io/settings.js';
import type { EvalContext } from '../signature.js';

export function ioSettings(ctx: EvalContext): IoSettings {
  return settingsIo((name) => ctx.setting(name));
}
