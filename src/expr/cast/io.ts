// Text I/O settings of an evaluation (DateStyle, IntervalStyle, TimeZone, extra_float_digits,
// bytea_output), read from the session through EvalContext, for casts that go through text.
import { DEFAULT_IO_SETTINGS, type IoSettings } from '../../repr/io/settings.js';
import type { EvalContext } from '../signature.js';

export function ioSettings(ctx: EvalContext): IoSettings {
  const efd = ctx.setting('extra_float_digits');
  const bytea = ctx.setting('bytea_output');
  return {
    dateStyle: ctx.setting('DateStyle') ?? DEFAULT_IO_SETTINGS.dateStyle,
    intervalStyle: ctx.setting('IntervalStyle') ?? DEFAULT_IO_SETTINGS.intervalStyle,
    timeZone: ctx.timeZone,
    extraFloatDigits: efd === undefined ? DEFAULT_IO_SETTINGS.extraFloatDigits : Number(efd),
    byteaOutput: bytea === 'escape' ? 'escape' : 'hex',
  };
}
