import { useCallback, useMemo } from 'react';
import { Alert, Card, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import * as records from '../../../api/records';
import type { RecordRow } from '../../../api/records';
import type { ReferencedBy } from '../../../api/schema';
import LoadMore from '../../../components/LoadMore';
import { displayValue } from '../../../forms/display';
import { useEntity } from '../../../forms/useCatalog';
import { useCursorList } from '../../../components/useCursorList';

/** The records of another entity whose relation field points at this record. */
export default function RelatedList({ reference, id }: { reference: ReferencedBy; id: number }) {
  const { t, i18n } = useTranslation('records');
  const entity = useEntity(reference.entity);
  const fetchPage = useCallback(
    (cursor: string | null) =>
      records.listRecords(reference.entity, { filter: { field: reference.field, op: 'eq', value: id }, limit: 20 }, cursor),
    [reference.entity, reference.field, id],
  );
  const list = useCursorList(fetchPage);
  const columns = useMemo(() => {
    const fields = (entity.data?.fields ?? []).filter((f) => !f.retired && f.name !== reference.field && !['sub_form', 'json'].includes(f.type)).slice(0, 4);
    const ctx = { english: i18n.language === 'en-US', yes: t('value.yes'), no: t('value.no') };
    return [
      {
        title: '#',
        key: 'id',
        dataIndex: 'id',
        render: (rid: number) => <Link to={`/data/${reference.entity}/${rid}`}>#{rid}</Link>,
      },
      ...fields.map((f) => ({ title: f.label, key: f.name, dataIndex: f.name, render: (v: unknown) => displayValue(f, v, ctx) })),
    ];
  }, [entity.data, reference, t, i18n.language]);
  return (
    <Card size="small" title={t('detail.related', { entity: reference.entity_label, field: reference.field_label })} style={{ marginTop: 16 }} data-testid={`related-${reference.entity}-${reference.field}`}>
      {list.error && <Alert type="error" showIcon message={list.error} />}
      <Table<RecordRow>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={list.items}
        loading={list.loading && list.items.length === 0}
        pagination={false}
        scroll={{ x: 'max-content' }}
        footer={() => <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loading} onLoadMore={() => void list.loadMore()} />}
      />
    </Card>
  );
}
