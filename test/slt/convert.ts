// Converts SQLite-style sqllogictest files (one value per result line, hashing above the file's
// threshold, default 8) into the layout sqllogictest-rs reads (one row per line, values separated
// by spaces, an explicit `hash-threshold`). Records and expected values are otherwise unchanged.
export function toRowPerLine(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  if (!lines.some((l) => l.startsWith('hash-threshold'))) out.push('hash-threshold 8', '');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    const m = /^query\s+(\S+)/.exec(line);
    if (m === null) {
      out.push(line);
      i++;
      continue;
    }
    const width = m[1]!.length;
    out.push(line);
    i++;
    while (i < lines.length && lines[i] !== '----' && lines[i]!.trim() !== '')
      out.push(lines[i++]!);
    if (lines[i] !== '----') continue;
    out.push(lines[i++]!);
    const values: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== '') values.push(lines[i++]!);
    if (values.length === 1 && /^\d+ values hashing to [0-9a-f]+$/.test(values[0]!)) {
      out.push(values[0]!);
      continue;
    }
    for (let v = 0; v < values.length; v += width) out.push(values.slice(v, v + width).join(' '));
  }
  return out.join('\n');
}
