import { useCallback } from 'react';
import { Alert, Card, Empty, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import * as records from '../../../api/records';
import type { HistoryChange } from '../../../api/records';
import type { Entity } from '../../../api/schema';
import { useAuth } from '../../../auth/AuthContext';
import LoadMore from '../../../components/LoadMore';
import { formatDateTime } from '../../../components/format';
import { useCursorList } from '../../../components/useCursorList';
import { displayValue } from '../../../forms/display';

/** The record's change history, newest first: who, when, and each field's old → new value (sensitive
 *  fields only say that they changed). */
export default function History({ entity, id, relationLabels }: {
  entity: Entity;
  id: number;
  relationLabels?: Record<string, Record<number, string>>;
}) {
  const { t, i18n } = useTranslation('records');
  const { user } = useAuth();
  const fetchPage = useCallback((cursor: string | null) => records.recordHistory(entity.name, id, cursor), [entity.name, id]);
  const list = useCursorList(fetchPage);
  const ctx = { english: i18n.language === 'en-US', yes: t('value.yes'), no: t('value.no'), relationLabels };
  const show = (name: string, value: unknown) => {
    const field = entity.fields.find((f) => f.name === name);
    const text = field ? displayValue(field, value, ctx) : JSON.stringify(value);
    return text === '' ? t('detail.blank') : text;
  };
  const change = (name: string, c: HistoryChange) => {
    const label = entity.fields.find((f) => f.name === name)?.label ?? name;
    if (c.changed && !('old' in c)) return t('detail.changedHidden', { field: label });
    return t('detail.changed', { field: label, old: show(name, c.old), new: show(name, c.new) });
  };
  return (
    <Card size="small" title={t('detail.history')} style={{ marginTop: 16 }} data-testid="record-history">
      {list.error && <Alert type="warning" showIcon message={list.error} />}
      {!list.error && list.items.length === 0 && !list.loading && <Empty description={t('detail.noHistory')} />}
      <Timeline
        items={list.items.map((item) => ({
          key: item.id,
          children: (
            <div>
              <Typography.Text strong>{t(`detail.kind.${item.kind}` as 'detail.kind.create', { defaultValue: item.kind })}</Typography.Text>{' '}
              <Typography.Text type="secondary">
                {formatDateTime(item.at, user?.org.time_zone, i18n.language)} · {item.actor_name ?? (item.actor_id ? `#${item.actor_id}` : '')}
              </Typography.Text>
              {Object.entries(item.changes ?? {}).map(([name, c]) => (
                <div key={name}>{change(name, c)}</div>
              ))}
            </div>
          ),
        }))}
      />
      {list.items.length > 0 && <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loading} onLoadMore={() => void list.loadMore()} />}
    </Card>
  );
}
