// Markdown tables, so the output can go into docs/benchmarks.md as it is.

const numeric = /^(?:[−+-]?\d[\d,]*(?:\.\d+)?|∞)(?:[ ×%].*)?$/;

/** A markdown table; columns whose cells all start with a number are right-aligned. */
export function table(headers, rows) {
  const cells = [headers, ...rows].map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  const right = headers.map((_, i) => rows.every((row) => row[i] === '' || numeric.test(String(row[i]))));
  const line = (row) =>
    `| ${row.map((cell, i) => (right[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (right[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

/** Our figure divided by a peer's, as `1.23×`; `∞` when the peer's is 0 and ours is not. */
export const ratio = (ours, peer) => (peer === 0 ? (ours === 0 ? '1.00×' : '∞') : `${(ours / peer).toFixed(2)}×`);

/** A number with thousands separators and a real minus sign; `-0.000` prints as `0.000`. */
export const fmt = (n, digits = 0) => {
  const text = Math.abs(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  return n < 0 && /[1-9]/.test(text) ? `−${text}` : text;
};

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
