// The generated list page of an entity (/data/:entity): columns, filter, sort, search, saved views,
// keyset "load more", bulk actions and export — all derived from the catalog.
import { useMemo, useState } from 'react';
import { FilterOutlined, ImportOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Dropdown, Input, Popover, Result, Space, Spin, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { SorterResult } from 'antd/es/table/interface';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { hasPermission } from '../../../access';
import * as records from '../../../api/records';
import type { RecordRow } from '../../../api/records';
import type { Entity } from '../../../api/schema';
import { useAuth } from '../../../auth/AuthContext';
import LoadMore from '../../../components/LoadMore';
import { formatDateTime } from '../../../components/format';
import { displayValue } from '../../../forms/display';
import { isMasked } from '../../../forms/fieldKinds';
import { useEntity, useFieldTypes, useRelationTargets } from '../../../forms/useCatalog';
import { useRelationLabels } from '../../../forms/useRelationLabels';
import BulkActions from './BulkActions';
import ColumnChooser from './ColumnChooser';
import FilterBuilder from '../../../forms/components/FilterBuilder';
import SavedViews from './SavedViews';
import { useRecordList } from './useRecordList';

function RecordList({ entity }: { entity: Entity }) {
  const { t, i18n } = useTranslation(['records', 'common']);
  const { user } = useAuth();
  const navigate = useNavigate();
  const types = useFieldTypes();
  const targets = useRelationTargets(entity);
  const state = useRecordList(entity, targets);
  const { list } = state;
  const labels = useRelationLabels(entity, list.items, targets);
  const [selected, setSelected] = useState<number[]>([]);
  const [filterOpen, setFilterOpen] = useState(false);
  const [search, setSearch] = useState(state.q);
  const can = (action: string) => hasPermission(user?.permissions ?? [], `data.${entity.name}.${action}`);
  const timeZone = user?.org.time_zone;

  const ctx = useMemo(
    () => ({
      english: i18n.language === 'en-US',
      yes: t('records:value.yes'),
      no: t('records:value.no'),
      relationLabels: labels,
      formatDateTime: (iso: string) => formatDateTime(iso, timeZone, i18n.language),
    }),
    [i18n.language, t, labels, timeZone],
  );

  const columns = useMemo<TableColumnsType<RecordRow>>(() => {
    const sortOrder = (name: string) => {
      const key = state.sort.find((k) => k.field === name);
      return key ? (key.descending ? ('descend' as const) : ('ascend' as const)) : null;
    };
    const shown = state.columns
      .map((name) => entity.fields.find((f) => f.name === name && !f.retired))
      .filter((f) => f !== undefined);
    return [
      ...shown.map((f, index) => ({
        title: f.label,
        key: f.name,
        dataIndex: f.name,
        sorter: !['sub_form', 'multi_select', 'checkbox', 'tags'].includes(f.type) && !f.sensitive ? { multiple: 10 - index } : undefined,
        sortOrder: sortOrder(f.name),
        render: (value: unknown, row: RecordRow) => {
          const text = displayValue(f, value, ctx);
          const masked = isMasked(f, value);
          const cell = masked ? (
            <span title={t('records:value.masked')}>
              {text} <Tag color="gold">{t('records:value.maskedTag')}</Tag>
            </span>
          ) : (
            text
          );
          return index === 0 ? <Link to={`/data/${entity.name}/${row.id}`}>{cell || `#${row.id}`}</Link> : cell;
        },
      })),
      {
        title: t('records:list.updatedAt'),
        key: 'updated_at',
        dataIndex: 'updated_at',
        sorter: { multiple: 1 },
        sortOrder: sortOrder('updated_at'),
        render: (at: string) => formatDateTime(at, timeZone, i18n.language),
      },
    ];
  }, [state.columns, state.sort, entity, ctx, t, timeZone, i18n.language]);

  const exportMenu = {
    items: (['xlsx', 'csv'] as const).map((format) => ({
      key: format,
      label: (
        <a href={records.exportUrl(entity.name, format, state.query)} data-testid={`export-${format}`}>
          {t(`records:list.export_${format}`)}
        </a>
      ),
    })),
  };
  const activeRules = state.filter.rules.length;

  return (
    <Card
      title={entity.label}
      extra={
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={() => void list.reload()} aria-label={t('common:action.reload')} />
          {can('import') && (
            <Button icon={<ImportOutlined />} onClick={() => navigate(`/data/${entity.name}/import`)} data-testid="open-import">
              {t('records:list.import')}
            </Button>
          )}
          {can('create') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate(`/data/${entity.name}/new`)} data-testid="create-record">
              {t('records:list.create')}
            </Button>
          )}
        </Space>
      }
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onSearch={(value) => state.setQ(value.trim())}
          placeholder={t('records:list.search')}
          style={{ width: 220 }}
          data-testid="record-search"
        />
        <Popover
          open={filterOpen}
          onOpenChange={setFilterOpen}
          trigger="click"
          placement="bottomLeft"
          content={
            <FilterBuilder
              fields={state.fields}
              types={types}
              targets={targets}
              value={state.filter}
              onApply={(group) => {
                state.setFilter(group);
                setFilterOpen(false);
              }}
            />
          }
        >
          <Badge count={activeRules} size="small">
            <Button icon={<FilterOutlined />} data-testid="filter-button">
              {t('records:filter.title')}
            </Button>
          </Badge>
        </Popover>
        <ColumnChooser fields={entity.fields} value={state.columns} onChange={state.setColumns} />
        <SavedViews entity={entity.name} current={state.view} fields={state.fields} onApply={(v) => { state.applyView(v); setSearch(v.q); }} />
        {can('export') && (
          <Dropdown menu={exportMenu}>
            <Button data-testid="export-button">{t('records:list.export')}</Button>
          </Dropdown>
        )}
      </Space>
      <div style={{ marginBottom: 8 }}>
        <BulkActions entity={entity} targets={targets} ids={selected} onDone={() => { setSelected([]); void list.reload(); }} />
      </div>
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 16 }} />}
      <div data-testid="records-table">
        <Table<RecordRow>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.items}
          loading={list.loading && list.items.length === 0}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowSelection={can('update') || can('delete') ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys as number[]) } : undefined}
          onChange={(_p, _f, sorter) => {
            const sorters = (Array.isArray(sorter) ? sorter : [sorter]) as SorterResult<RecordRow>[];
            state.setSort(
              sorters
                .filter((s) => s.order && s.columnKey)
                .map((s) => ({ field: String(s.columnKey), descending: s.order === 'descend' })),
            );
          }}
          footer={() => <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loading} onLoadMore={() => void list.loadMore()} />}
        />
      </div>
    </Card>
  );
}

export default function RecordListPage() {
  const { entity: name } = useParams();
  const { t } = useTranslation('records');
  const entity = useEntity(name);
  if (entity.loading && !entity.data) return <Spin />;
  if (!entity.data) {
    return <Result status={entity.code === 'schema.entity_not_found' ? '404' : 'error'} title={t('entityMissing')} subTitle={entity.error} />;
  }
  // Keyed by name so that moving to another entity starts with its own columns and filter.
  return <RecordList key={entity.data.name} entity={entity.data} />;
}
