// The time now, in microseconds since 1970 UTC, for now(), clock_timestamp() and 'now'.
// PostgreSQL's clock has microseconds; Date.now() has milliseconds. The high-resolution clock
// (process start + monotonic time) gives the microseconds, kept within the wall clock's
// millisecond so that a clock step or slew since the start moves it as it moves Date.now().

export function nowMicros(): bigint {
  const wall = Date.now() * 1000;
  const fine = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  return BigInt(fine < wall ? wall : fine > wall + 999 ? wall + 999 : fine);
}
