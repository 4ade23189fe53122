// /customers: the front desk's customer list. One search box (a name, or a whole mobile number), quick
// filters (mine, VIP, referred), newest first; a row opens the customer's 360 page.
import { useCallback, useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Input, Segmented, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { hasPermission } from '../../../access';
import type { FilterNode } from '../../../api/schema';
import * as records from '../../../api/records';
import type { ListQuery, RecordRow } from '../../../api/records';
import { useAuth } from '../../../auth/AuthContext';
import LoadMore from '../../../components/LoadMore';
import { formatDateTime } from '../../../components/format';
import { useCursorList } from '../../../components/useCursorList';
import { customerQuery } from '../shared/customerSearch';
import { staffName, useStaff } from '../shared/useStaff';

export type QuickFilter = 'all' | 'mine' | 'vip' | 'referral';

/** The list query of a search text and quick filter (the phone lookup wins over the filter's sort). */
export function listQuery(text: string, quick: QuickFilter, userId: number | undefined): ListQuery {
  const base = customerQuery(text, 50);
  const quickFilter: FilterNode | null =
    quick === 'mine' && userId
      ? { field: 'consultant', op: 'eq', value: userId }
      : quick === 'vip'
        ? { field: 'level', op: 'in', value: ['gold', 'diamond'] }
        : quick === 'referral'
          ? { field: 'source', op: 'eq', value: 'referral' }
          : null;
  if (!quickFilter) return base;
  return { ...base, filter: base.filter ? { and: [base.filter, quickFilter] } : quickFilter };
}

export default function CustomersPage() {
  const { t, i18n } = useTranslation(['clinic', 'common']);
  const { user } = useAuth();
  const navigate = useNavigate();
  const { staff } = useStaff();
  const [text, setText] = useState('');
  const [applied, setApplied] = useState('');
  const [quick, setQuick] = useState<QuickFilter>('all');
  const query = listQuery(applied, quick, user?.id);
  const queryKey = JSON.stringify(query);
  const list = useCursorList(
    useCallback((cursor: string | null) => records.listRecords('customer', JSON.parse(queryKey) as ListQuery, cursor), [queryKey]),
  );
  const canCreate = hasPermission(user?.permissions ?? [], 'data.customer.create');
  const levelColor: Record<string, string> = { silver: 'default', gold: 'gold', diamond: 'purple' };

  const columns: TableColumnsType<RecordRow> = [
    {
      title: t('clinic:customer.name'),
      key: 'name',
      render: (_, row) => (
        <Link to={`/customers/${row.id}`} data-testid={`customer-link-${row.id}`}>
          {String(row.name ?? `#${row.id}`)}
        </Link>
      ),
    },
    { title: t('clinic:customer.phone'), key: 'phone', render: (_, row) => <span data-testid={`customer-phone-${row.id}`}>{String(row.phone ?? '')}</span> },
    {
      title: t('clinic:customer.level'),
      key: 'level',
      render: (_, row) => (typeof row.level === 'string' && row.level !== 'normal' ? <Tag color={levelColor[row.level]}>{t(`clinic:level.${row.level as 'gold'}`)}</Tag> : null),
    },
    { title: t('clinic:customer.consultant'), key: 'consultant', render: (_, row) => staffName(staff, row.consultant) },
    {
      title: t('clinic:customer.updated'),
      key: 'updated_at',
      render: (_, row) => formatDateTime(row.updated_at, user?.org.time_zone, i18n.language).slice(0, 10),
    },
  ];

  return (
    <Card
      title={t('clinic:customers.title')}
      extra={
        canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/data/customer/new')} data-testid="customer-new">
            {t('clinic:customers.new')}
          </Button>
        )
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          value={text}
          onChange={(e) => setText(e.target.value)}
          onSearch={(value) => setApplied(value)}
          placeholder={t('clinic:customers.search')}
          style={{ width: 280 }}
          data-testid="customer-search"
        />
        <Segmented<QuickFilter>
          value={quick}
          onChange={setQuick}
          options={(['all', 'mine', 'vip', 'referral'] as const).map((key) => ({ value: key, label: <span data-testid={`quick-${key}`}>{t(`clinic:customers.quick.${key}`)}</span> }))}
        />
      </Space>
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 12 }} />}
      <Table<RecordRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.items}
        loading={list.loading && list.items.length === 0}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(row) => ({ onDoubleClick: () => navigate(`/customers/${row.id}`) })}
        data-testid="customers-table"
      />
      <div style={{ marginTop: 12 }}>
        <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loading} onLoadMore={() => void list.loadMore()} />
      </div>
    </Card>
  );
}
