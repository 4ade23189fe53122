// The receipt of a saved order, printable (window.print with receipt.css's print rules): the clinic, the
// order number and time, the customer, each line, the discount, the total, the payments per method and
// any arrears. Everything comes from the server's order reply.
import { useTranslation } from 'react-i18next';
import type { Order } from '../../../api/clinic';
import { methodLabel } from '../shared/labels';
import { formatFen } from '../shared/money';
import { receiptTotals } from './cart';
import './receipt.css';

export default function Receipt({ order, clinicName, customerName, cashier, printedAt }: {
  order: Order;
  clinicName: string;
  customerName: string;
  cashier: string;
  printedAt: string;
}) {
  const { t } = useTranslation('clinic');
  const totals = receiptTotals(order);
  return (
    <div className="peony-receipt" data-testid="receipt">
      <div style={{ textAlign: 'center', fontWeight: 600, fontSize: 16 }}>{clinicName}</div>
      <div style={{ textAlign: 'center' }}>{t('receipt.title')}</div>
      <div className="rule" />
      <div data-testid="receipt-order-no">{t('receipt.orderNo', { no: order.order_no })}</div>
      <div>{t('receipt.customer', { name: customerName })}</div>
      <div>{t('receipt.time', { at: printedAt })}</div>
      {order.contract_no && <div>{t('receipt.contract', { no: order.contract_no })}</div>}
      <div className="rule" />
      <table>
        <thead>
          <tr>
            <th>{t('receipt.item')}</th>
            <th className="num">{t('receipt.qty')}</th>
            <th className="num">{t('receipt.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.id}>
              <td>
                {line.name}
                {line.discount_fen > 0 && <div style={{ fontSize: 11 }}>{t('receipt.lineDiscount', { amount: formatFen(line.discount_fen) })}</div>}
              </td>
              <td className="num">
                {line.quantity} × {formatFen(line.unit_price_fen)}
              </td>
              <td className="num">{formatFen(line.amount_fen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="rule" />
      <table>
        <tbody>
          <tr>
            <td>{t('receipt.subtotal')}</td>
            <td className="num">{formatFen(totals.subtotal)}</td>
          </tr>
          {totals.discount > 0 && (
            <tr>
              <td>{t('receipt.discount')}</td>
              <td className="num">-{formatFen(totals.discount)}</td>
            </tr>
          )}
          <tr style={{ fontWeight: 600 }}>
            <td>{t('receipt.total')}</td>
            <td className="num" data-testid="receipt-total">
              {formatFen(totals.total)}
            </td>
          </tr>
          {totals.byMethod.map((m) => (
            <tr key={m.method}>
              <td>{methodLabel(t, m.method)}</td>
              <td className="num" data-testid={`receipt-paid-${m.method}`}>
                {formatFen(m.amount)}
              </td>
            </tr>
          ))}
          <tr>
            <td>{t('receipt.paid')}</td>
            <td className="num" data-testid="receipt-paid">
              {formatFen(totals.paid)}
            </td>
          </tr>
          {totals.arrears > 0 && (
            <tr style={{ fontWeight: 600 }}>
              <td>{t('receipt.arrears')}</td>
              <td className="num" data-testid="receipt-arrears">
                {formatFen(totals.arrears)}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <div className="rule" />
      <div>{t('receipt.cashier', { name: cashier })}</div>
      <div style={{ textAlign: 'center', marginTop: 8 }}>{t('receipt.thanks')}</div>
    </div>
  );
}
