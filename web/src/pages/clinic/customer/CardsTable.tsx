// The customer's cards on the 360 page: kind, status, sessions left per service, balances, validity.
import { Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ClinicCard } from '../../../api/clinic';
import { cardKindLabel, cardStatusLabel } from '../shared/labels';
import { formatFen } from '../shared/money';

export default function CardsTable({ cards, serviceNames }: { cards: ClinicCard[]; serviceNames: Record<number, string> }) {
  const { t } = useTranslation('clinic');
  const columns: TableColumnsType<ClinicCard> = [
    { title: t('card.no'), key: 'no', render: (_, c) => c.card_no },
    { title: t('card.kind'), key: 'kind', render: (_, c) => cardKindLabel(t, c.kind) },
    {
      title: t('card.status'),
      key: 'status',
      render: (_, c) => <Tag color={c.status === 'active' ? 'green' : 'default'}>{cardStatusLabel(t, c.status)}</Tag>,
    },
    {
      title: t('card.sessionsLeft'),
      key: 'sessions',
      render: (_, c) => (
        <span data-testid={`card-${c.id}-sessions`}>
          {c.sessions_left.map((s) => (
            <div key={s.service_id}>
              {serviceNames[s.service_id] ?? `#${s.service_id}`}：
              <Typography.Text strong data-testid={`card-${c.id}-service-${s.service_id}-left`}>
                {s.unlimited || s.sessions === null ? t('card.unlimited') : s.sessions}
              </Typography.Text>
              {s.total !== null && !s.unlimited && <Typography.Text type="secondary"> / {s.total}</Typography.Text>}
            </div>
          ))}
        </span>
      ),
    },
    {
      title: t('card.balance'),
      key: 'balance',
      render: (_, c) =>
        c.kind === 'stored_value' ? (
          <span data-testid={`card-${c.id}-balance`}>
            {formatFen(c.balance_fen)}
            {c.gift_balance_fen > 0 && <Typography.Text type="secondary">{t('card.gift', { amount: formatFen(c.gift_balance_fen) })}</Typography.Text>}
          </span>
        ) : null,
    },
    { title: t('card.validUntil'), key: 'valid', render: (_, c) => c.valid_until ?? t('card.noExpiry') },
  ];
  return <Table<ClinicCard> rowKey="id" size="small" columns={columns} dataSource={cards} pagination={false} scroll={{ x: 'max-content' }} data-testid="customer-cards" />;
}
