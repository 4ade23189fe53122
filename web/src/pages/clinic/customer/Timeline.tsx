// The customer's timeline (GET /customers/{id}/timeline): every change of her record and of the records
// pointing at her, newest first, with "load more".
import { useCallback } from 'react';
import { Alert, Empty, Timeline as AntTimeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import * as clinic from '../../../api/clinic';
import LoadMore from '../../../components/LoadMore';
import { useCursorList } from '../../../components/useCursorList';

export default function Timeline({ customerId, formatTime }: { customerId: number; formatTime: (iso: string) => string }) {
  const { t } = useTranslation('clinic');
  const list = useCursorList(useCallback((cursor: string | null) => clinic.customerTimeline(customerId, cursor), [customerId]));
  if (list.error) return <Alert type="error" showIcon message={list.error} />;
  if (!list.loading && list.items.length === 0) return <Empty description={t('timeline.empty')} />;
  return (
    <div data-testid="customer-timeline">
      <AntTimeline
        items={list.items.map((item) => ({
          key: item.id,
          color: item.kind === 'delete' ? 'red' : item.kind === 'create' ? 'green' : 'blue',
          children: (
            <div>
              <Typography.Text strong>
                {t(`timeline.${item.kind}`)} {item.entity_label}
              </Typography.Text>{' '}
              <Typography.Text type="secondary">#{item.record_id}</Typography.Text>
              <div style={{ fontSize: 12, opacity: 0.7 }}>
                {formatTime(item.at)}
                {item.actor_name && ` · ${item.actor_name}`}
              </div>
            </div>
          ),
        }))}
      />
      <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loading} onLoadMore={() => void list.loadMore()} />
    </div>
  );
}
