// The cashier's arithmetic, pure: line amounts, the order total after the order discount and coupon,
// what the payments cover and what is still to collect, the checks before submitting, the POST /orders
// body, and the totals a receipt prints. All amounts are integer fen.
import type { LineKind, NewOrder, Order, PaymentMethod, StaffShare } from '../../../api/clinic';

export interface CartLine {
  uid: string;
  kind: LineKind;
  item_id: number;
  name: string;
  quantity: number;
  unit_price_fen: number;
  discount_fen: number;
}

export interface PaymentRow {
  uid: string;
  method: PaymentMethod;
  amount_fen: number;
  /** The stored-value card paid from (method stored_value only). */
  card_id?: number | null;
}

export interface Totals {
  /** Sum of the line amounts. */
  subtotal: number;
  /** The order discount and the coupon as applied (never more than what is left). */
  discount: number;
  coupon: number;
  total: number;
}

/** A line's amount: quantity × unit price − its discount, never below zero. */
export function lineAmount(line: Pick<CartLine, 'quantity' | 'unit_price_fen' | 'discount_fen'>): number {
  return Math.max(0, line.quantity * line.unit_price_fen - Math.max(0, line.discount_fen));
}

export function cartTotals(lines: readonly CartLine[], discountFen: number, couponFen: number): Totals {
  const subtotal = lines.reduce((sum, line) => sum + lineAmount(line), 0);
  const discount = Math.min(Math.max(0, discountFen), subtotal);
  const coupon = Math.min(Math.max(0, couponFen), subtotal - discount);
  return { subtotal, discount, coupon, total: subtotal - discount - coupon };
}

export function paidTotal(payments: readonly Pick<PaymentRow, 'amount_fen'>[]): number {
  return payments.reduce((sum, p) => sum + Math.max(0, p.amount_fen), 0);
}

/** What is still to collect (还需收款); negative when the payments exceed the total. */
export function remaining(total: number, payments: readonly Pick<PaymentRow, 'amount_fen'>[]): number {
  return total - paidTotal(payments);
}

/** The amount a new payment row starts with: whatever is still to collect. */
export function suggestedPayment(total: number, payments: readonly Pick<PaymentRow, 'amount_fen'>[]): number {
  return Math.max(0, remaining(total, payments));
}

/** Shares of a staff attribution: each names someone, is 1-100, and together they make 100. */
export function sharesValid(staff: readonly StaffShare[]): boolean {
  if (staff.length === 0) return true;
  const sum = staff.reduce((s, x) => s + x.share_pct, 0);
  return staff.every((x) => x.user_id > 0 && Number.isInteger(x.share_pct) && x.share_pct > 0 && x.share_pct <= 100) && sum === 100;
}

/** Splits 100 % evenly between `userIds` (the first ones get the leftover percent). */
export function evenShares(userIds: readonly number[]): StaffShare[] {
  if (userIds.length === 0) return [];
  const base = Math.floor(100 / userIds.length);
  const extra = 100 - base * userIds.length;
  return userIds.map((user_id, i) => ({ user_id, share_pct: base + (i < extra ? 1 : 0) }));
}

export type CartProblem =
  | 'noCustomer'
  | 'noLines'
  | 'badQuantity'
  | 'badPayment'
  | 'cardMissing'
  | 'overpaid'
  | 'shares'
  | 'couponCode';

export interface CartState {
  customerId: number | null;
  lines: readonly CartLine[];
  discountFen: number;
  coupon: { code: string; amountFen: number };
  staff: readonly StaffShare[];
  payments: readonly PaymentRow[];
}

/** Everything that stops the order from being sent, in the order a clerk fixes them. */
export function cartProblems(cart: CartState): CartProblem[] {
  const out: CartProblem[] = [];
  if (!cart.customerId) out.push('noCustomer');
  if (cart.lines.length === 0) out.push('noLines');
  const badLine = (l: CartLine) =>
    !Number.isInteger(l.quantity) || l.quantity < 1 || (l.kind === 'card' && l.quantity !== 1) || l.unit_price_fen < 0 || l.discount_fen < 0;
  if (cart.lines.some(badLine)) out.push('badQuantity');
  if (cart.payments.some((p) => !Number.isInteger(p.amount_fen) || p.amount_fen <= 0)) out.push('badPayment');
  if (cart.payments.some((p) => p.method === 'stored_value' && !p.card_id)) out.push('cardMissing');
  if (cart.coupon.amountFen > 0 && cart.coupon.code.trim() === '') out.push('couponCode');
  if (!sharesValid(cart.staff)) out.push('shares');
  const { total } = cartTotals(cart.lines, cart.discountFen, cart.coupon.amountFen);
  if (paidTotal(cart.payments) > total) out.push('overpaid');
  return out;
}

/** The POST /orders body. Line prices are sent as shown (the clerk may have changed them); the staff
 *  attribution goes on every line. */
export function orderBody(cart: CartState & { customerId: number }, extra: { consultantId?: number | null; contractNo?: string; note?: string } = {}): NewOrder {
  const { discount, coupon } = cartTotals(cart.lines, cart.discountFen, cart.coupon.amountFen);
  const body: NewOrder = {
    customer_id: cart.customerId,
    lines: cart.lines.map((l) => ({
      kind: l.kind,
      item_id: l.item_id,
      quantity: l.quantity,
      unit_price_fen: l.unit_price_fen,
      ...(l.discount_fen > 0 ? { discount_fen: l.discount_fen } : {}),
      ...(cart.staff.length > 0 ? { staff: cart.staff.map((s) => ({ user_id: s.user_id, share_pct: s.share_pct })) } : {}),
    })),
    payments: cart.payments.map((p) => ({
      method: p.method,
      amount_fen: p.amount_fen,
      ...(p.method === 'stored_value' && p.card_id ? { card_id: p.card_id } : {}),
    })),
  };
  if (discount > 0) body.discount_fen = discount;
  if (coupon > 0) body.coupon = { code: cart.coupon.code.trim(), amount_fen: coupon };
  if (extra.consultantId) body.consultant_id = extra.consultantId;
  if (extra.contractNo?.trim()) body.contract_no = extra.contractNo.trim();
  if (extra.note?.trim()) body.note = extra.note.trim();
  return body;
}

export interface ReceiptTotals {
  /** Lines before the order discount. */
  subtotal: number;
  /** Order-level discount and coupon together: subtotal − total. */
  discount: number;
  total: number;
  paid: number;
  arrears: number;
  /** Net received per method (refunds subtracted), in the order first paid. */
  byMethod: { method: PaymentMethod; amount: number }[];
}

/** The totals a receipt prints, from the server's order (not from the cart: the receipt shows what was saved). */
export function receiptTotals(order: Pick<Order, 'lines' | 'payments' | 'total_fen' | 'arrears_fen'>): ReceiptTotals {
  const subtotal = order.lines.reduce((sum, l) => sum + l.amount_fen, 0);
  const byMethod: { method: PaymentMethod; amount: number }[] = [];
  for (const p of order.payments) {
    const signed = p.kind === 'refund' ? -p.amount_fen : p.amount_fen;
    const row = byMethod.find((m) => m.method === p.method);
    if (row) row.amount += signed;
    else byMethod.push({ method: p.method, amount: signed });
  }
  const paid = byMethod.reduce((sum, m) => sum + m.amount, 0);
  return { subtotal, discount: Math.max(0, subtotal - order.total_fen), total: order.total_fen, paid, arrears: order.arrears_fen, byMethod };
}
