// The cashier's order lines: pick what is sold (a service, a product or a card from the card products),
// then adjust quantity, unit price and the line's discount in yuan; the amount follows.
import { useState } from 'react';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, InputNumber, Segmented, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { LineKind } from '../../../api/clinic';
import { newUuid } from '../shared/idempotency';
import { lineKindLabel } from '../shared/labels';
import { fenToYuan, formatFen, yuanToFen } from '../shared/money';
import type { Item } from '../shared/useItems';
import { lineAmount } from './cart';
import type { CartLine } from './cart';

type SoldKind = Extract<LineKind, 'service' | 'product' | 'card'>;

export default function LinesEditor({ lines, onChange, items }: {
  lines: CartLine[];
  onChange: (lines: CartLine[]) => void;
  items: Record<SoldKind, Item[]>;
}) {
  const { t } = useTranslation('clinic');
  const [kind, setKind] = useState<SoldKind>('service');
  const [picked, setPicked] = useState<number | null>(null);

  const add = () => {
    const item = items[kind].find((i) => i.id === picked);
    if (!item) return;
    // Each card sold is its own line (the server issues one card per card line, quantity 1).
    const same = kind === 'card' ? undefined : lines.find((l) => l.kind === kind && l.item_id === item.id);
    if (same) onChange(lines.map((l) => (l === same ? { ...l, quantity: l.quantity + 1 } : l)));
    else onChange([...lines, { uid: newUuid(), kind, item_id: item.id, name: item.name, quantity: 1, unit_price_fen: item.price_fen, discount_fen: 0 }]);
    setPicked(null);
  };
  const patch = (uid: string, change: Partial<CartLine>) => onChange(lines.map((l) => (l.uid === uid ? { ...l, ...change } : l)));

  const columns: TableColumnsType<CartLine> = [
    { title: t('cashier.item'), key: 'name', render: (_, l) => <span>{l.name} <Typography.Text type="secondary">· {lineKindLabel(t, l.kind)}</Typography.Text></span> },
    {
      title: t('cashier.qty'),
      key: 'qty',
      width: 90,
      render: (_, l, i) => <InputNumber min={1} max={999} precision={0} value={l.quantity} disabled={l.kind === 'card'} onChange={(v) => patch(l.uid, { quantity: v ?? 1 })} style={{ width: 70 }} data-testid={`line-${i}-qty`} />,
    },
    {
      title: t('cashier.unitPrice'),
      key: 'price',
      width: 130,
      render: (_, l, i) => (
        <InputNumber min={0} precision={2} prefix="¥" value={fenToYuan(l.unit_price_fen)} onChange={(v) => patch(l.uid, { unit_price_fen: yuanToFen(v) ?? 0 })} style={{ width: 120 }} data-testid={`line-${i}-price`} />
      ),
    },
    {
      title: t('cashier.lineDiscount'),
      key: 'discount',
      width: 130,
      render: (_, l, i) => (
        <InputNumber min={0} precision={2} prefix="¥" value={fenToYuan(l.discount_fen)} onChange={(v) => patch(l.uid, { discount_fen: yuanToFen(v) ?? 0 })} style={{ width: 120 }} data-testid={`line-${i}-discount`} />
      ),
    },
    { title: t('cashier.amount'), key: 'amount', align: 'right', render: (_, l, i) => <span data-testid={`line-${i}-amount`}>{formatFen(lineAmount(l))}</span> },
    {
      key: 'remove',
      width: 48,
      render: (_, l) => <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('cashier.removeLine')} onClick={() => onChange(lines.filter((x) => x.uid !== l.uid))} />,
    },
  ];

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<SoldKind>
          value={kind}
          onChange={(k) => {
            setKind(k);
            setPicked(null);
          }}
          options={(['service', 'product', 'card'] as const).map((k) => ({ value: k, label: <span data-testid={`line-kind-${k}`}>{lineKindLabel(t, k)}</span> }))}
        />
        <Select<number>
          showSearch
          optionFilterProp="label"
          value={picked ?? undefined}
          onChange={setPicked}
          options={items[kind].map((i) => ({ value: i.id, label: `${i.name}  ${formatFen(i.price_fen)}` }))}
          placeholder={t('cashier.pickItem')}
          style={{ width: 320 }}
          data-testid="line-item"
        />
        <Button icon={<PlusOutlined />} disabled={picked === null} onClick={add} data-testid="line-add">
          {t('cashier.addLine')}
        </Button>
      </Space>
      <Table<CartLine> rowKey="uid" size="small" columns={columns} dataSource={lines} pagination={false} scroll={{ x: 'max-content' }} locale={{ emptyText: t('cashier.noLines') }} data-testid="cart-lines" />
    </div>
  );
}
