// The cashier's payments: one row per method (微信, 现金, 支付宝, 银行卡, 储值卡 with the card picked), a new
// row starting with what is still to collect, and the running 还需收款.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, InputNumber, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ClinicCard, PaymentMethod } from '../../../api/clinic';
import { newUuid } from '../shared/idempotency';
import { methodLabel, paymentMethods } from '../shared/labels';
import { fenToYuan, formatFen, yuanToFen } from '../shared/money';
import { remaining, suggestedPayment } from './cart';
import type { PaymentRow } from './cart';

export default function PaymentsEditor({ payments, onChange, total, cards }: {
  payments: PaymentRow[];
  onChange: (payments: PaymentRow[]) => void;
  total: number;
  /** The customer's stored-value cards with money on them. */
  cards: ClinicCard[];
}) {
  const { t } = useTranslation('clinic');
  const left = remaining(total, payments);
  const patch = (uid: string, change: Partial<PaymentRow>) => onChange(payments.map((p) => (p.uid === uid ? { ...p, ...change } : p)));
  const add = (method: PaymentMethod = payments.length === 0 ? 'wechat' : 'cash') =>
    onChange([...payments, { uid: newUuid(), method, amount_fen: suggestedPayment(total, payments), card_id: null }]);

  return (
    <div data-testid="payments">
      {payments.map((p, i) => (
        <Space key={p.uid} wrap style={{ marginBottom: 8 }} data-testid={`payment-${i}`}>
          <Select<PaymentMethod>
            value={p.method}
            onChange={(method) => patch(p.uid, { method, card_id: method === 'stored_value' ? (cards[0]?.id ?? null) : null })}
            options={paymentMethods.map((m) => ({ value: m, label: methodLabel(t, m), disabled: m === 'stored_value' && cards.length === 0 }))}
            style={{ width: 120 }}
            data-testid={`payment-${i}-method`}
          />
          <InputNumber
            min={0}
            precision={2}
            prefix="¥"
            value={fenToYuan(p.amount_fen)}
            onChange={(v) => patch(p.uid, { amount_fen: yuanToFen(v) ?? 0 })}
            style={{ width: 150 }}
            data-testid={`payment-${i}-amount`}
          />
          {p.method === 'stored_value' && (
            <Select<number>
              value={p.card_id ?? undefined}
              onChange={(card_id) => patch(p.uid, { card_id })}
              options={cards.map((c) => ({ value: c.id, label: t('cashier.cardOption', { no: c.card_no, balance: formatFen(c.balance_fen + c.gift_balance_fen) }) }))}
              placeholder={t('cashier.pickCard')}
              style={{ width: 240 }}
              data-testid={`payment-${i}-card`}
            />
          )}
          <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('cashier.removePayment')} onClick={() => onChange(payments.filter((x) => x.uid !== p.uid))} />
        </Space>
      ))}
      <div>
        <Button icon={<PlusOutlined />} onClick={() => add()} disabled={left <= 0 && payments.length > 0} data-testid="payment-add">
          {t('cashier.addPayment')}
        </Button>
      </div>
      <div style={{ marginTop: 12, fontSize: 16 }}>
        {left >= 0 ? (
          <span>
            {t('cashier.remaining')}{' '}
            <Typography.Text strong type={left > 0 ? 'danger' : 'success'} data-testid="remaining">
              {formatFen(left)}
            </Typography.Text>
          </span>
        ) : (
          <Typography.Text type="danger" data-testid="overpaid">
            {t('cashier.overpaid', { amount: formatFen(-left) })}
          </Typography.Text>
        )}
      </div>
    </div>
  );
}
