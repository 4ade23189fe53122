// Money on the clinic pages: the API speaks integer fen, people read and type yuan with 2 decimals.

/** "¥1,280.00" (negative amounts "-¥12.50"). */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const yuan = (Math.abs(fen) / 100).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${sign}¥${yuan}`;
}

/** Yuan typed into an input (at most 2 decimals) → fen; null for an empty or invalid value. */
export function yuanToFen(yuan: number | string | null | undefined): number | null {
  if (yuan === null || yuan === undefined || yuan === '') return null;
  const n = typeof yuan === 'number' ? yuan : Number(yuan);
  if (!Number.isFinite(n)) return null;
  return Math.round(n * 100);
}

/** Fen → yuan for an InputNumber. */
export function fenToYuan(fen: number | null | undefined): number | null {
  return fen === null || fen === undefined ? null : fen / 100;
}
