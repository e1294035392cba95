/** Numbers for people (decimal units: KB = 10³, GB = 10⁹, TB = 10¹²) and exact-looking arithmetic. Pure. */

/**
 * Removes binary floating-point noise (1 − 0.999 = 0.0010000000000000009) by rounding to 12
 * significant digits, far beyond any input's precision, so 99.9 % gives a threshold of exactly 0.0144.
 */
export function withoutFloatNoise(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(12)) : x;
}

/** 289351.85 → "289,352". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Rates: whole numbers from 100 up ("289,352"), two decimals below ("0.23"). */
export function formatRate(n: number): string {
  return n >= 100 ? formatCount(n) : formatNumber(n, 2);
}

/** Two decimals at most, thousands separated: 57870.370 → "57,870.37". */
export function formatNumber(n: number, maxDecimals = 2): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: maxDecimals });
}

/** 1.5e14 → "150 TB". */
export function formatBytes(bytes: number): string {
  return withUnit(bytes, ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB']);
}

/** 6e9 → "6 GB/s (48 Gbps)". */
export function formatBandwidth(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s (${withUnit(bytesPerSecond * 8, ['bps', 'Kbps', 'Mbps', 'Gbps', 'Tbps', 'Pbps'])})`;
}

/** 12345.6 → "$12,346". */
export function formatUsd(usd: number): string {
  return `$${Math.round(usd).toLocaleString('en-US')}`;
}

/** 0.999 → "99.9 %". */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toPrecision(10))} %`;
}

function withUnit(value: number, units: string[]): string {
  let i = 0;
  let v = value;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${Number(v.toFixed(digits)).toLocaleString('en-US')} ${units[i]}`;
}

/** Renders rows as aligned columns; numbers (right-aligned) are detected per cell. */
export function alignTable(rows: readonly (readonly string[])[], rightAlign: readonly boolean[] = []): string {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, [...cell].length)), []);
  return rows
    .map((row) => row.map((cell, i) => (rightAlign[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd())
    .join('\n');
}
