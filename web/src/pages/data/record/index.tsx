// A record's page (/data/:entity/:id): its fields, sub-form rows, the lists of records that refer to it,
// and its change history.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ArrowLeftOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Popconfirm, Result, Space, Spin, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { hasPermission } from '../../../access';
import * as records from '../../../api/records';
import type { RecordRow } from '../../../api/records';
import type { Entity, Field } from '../../../api/schema';
import { useAuth } from '../../../auth/AuthContext';
import { errorMessage } from '../../../components/formErrors';
import { formatDateTime } from '../../../components/format';
import { displayValue, recordTitle } from '../../../forms/display';
import type { DisplayContext } from '../../../forms/display';
import AttachmentView from '../../../forms/components/AttachmentView';
import { inputKind, isMasked } from '../../../forms/fieldKinds';
import { useEntity, useRelationTargets } from '../../../forms/useCatalog';
import { useRelationLabels } from '../../../forms/useRelationLabels';
import History from './History';
import RelatedList from './RelatedList';

function SubFormRows({ field, rows, ctx }: { field: Field; rows: unknown; ctx: DisplayContext }) {
  const columns = (field.options.fields ?? []).map((c) => {
    const sub: Field = { name: c.name, label: c.label, type: c.type, required: false, unique: false, sensitive: false, options: c.options ?? {} };
    return { title: c.label, key: c.name, dataIndex: c.name, render: (v: unknown) => displayValue(sub, v, ctx) };
  });
  return (
    <Table
      size="small"
      rowKey={(row: Record<string, unknown>) => String(row.id ?? JSON.stringify(row))}
      columns={columns}
      dataSource={Array.isArray(rows) ? (rows as Record<string, unknown>[]) : []}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid={`subform-rows-${field.name}`}
    />
  );
}

function RecordDetail({ entity, id }: { entity: Entity; id: number }) {
  const { t, i18n } = useTranslation(['records', 'common']);
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [record, setRecord] = useState<RecordRow | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const targets = useRelationTargets(entity);
  const rows = useMemo(() => (record ? [record] : []), [record]);
  const labels = useRelationLabels(entity, rows, targets);
  const can = (action: string) => hasPermission(user?.permissions ?? [], `data.${entity.name}.${action}`);

  const load = useCallback(() => {
    records.getRecord(entity.name, id).then(setRecord, (caught: unknown) =>
      setError({ code: (caught as { code?: string }).code ?? '', message: errorMessage(caught) }),
    );
  }, [entity.name, id]);
  useEffect(load, [load]);

  if (error) return <Result status={error.code === 'record.not_found' ? '404' : 'error'} title={error.message} />;
  if (!record) return <Spin />;

  const ctx: DisplayContext = {
    english: i18n.language === 'en-US',
    yes: t('records:value.yes'),
    no: t('records:value.no'),
    relationLabels: labels,
    formatDateTime: (iso) => formatDateTime(iso, user?.org.time_zone, i18n.language),
  };
  const live = entity.fields.filter((f) => !f.retired);
  const remove = async () => {
    try {
      await records.deleteRecord(entity.name, id);
      message.success(t('records:detail.deleted'));
      navigate(`/data/${entity.name}`);
    } catch (caught) {
      message.error(errorMessage(caught));
    }
  };
  const value = (f: Field) => {
    const v = record[f.name];
    if (f.type === 'relation' && typeof v === 'number' && f.options.target) {
      return <Link to={`/data/${f.options.target}/${v}`}>{displayValue(f, v, ctx)}</Link>;
    }
    if (inputKind(f.type) === 'files') return <AttachmentView field={f} value={v} />;
    if (isMasked(f, v)) {
      return (
        <span data-testid={`value-${f.name}`}>
          {String(v)} <Tag color="gold">{t('records:value.maskedTag')}</Tag>
        </span>
      );
    }
    return <span data-testid={`value-${f.name}`}>{displayValue(f, v, ctx)}</span>;
  };

  return (
    <>
      <Card
        title={
          <Space>
            <Link to={`/data/${entity.name}`} aria-label={t('records:detail.back')}>
              <ArrowLeftOutlined />
            </Link>
            {entity.label} · {recordTitle(entity, record)}
          </Space>
        }
        extra={
          <Space wrap>
            {can('update') && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/data/${entity.name}/${id}/edit`)} data-testid="edit-record">
                {t('common:action.edit')}
              </Button>
            )}
            {can('delete') && (
              <Popconfirm title={t('records:detail.confirmDelete')} onConfirm={remove} okButtonProps={{ danger: true }}>
                <Button danger icon={<DeleteOutlined />} data-testid="delete-record">
                  {t('records:detail.delete')}
                </Button>
              </Popconfirm>
            )}
          </Space>
        }
      >
        <Descriptions column={{ xs: 1, sm: 1, md: 2 }} bordered size="small" data-testid="record-fields">
          {live
            .filter((f) => f.type !== 'sub_form')
            .map((f) => (
              <Descriptions.Item key={f.name} label={f.label}>
                {value(f)}
              </Descriptions.Item>
            ))}
          <Descriptions.Item label={t('records:detail.updatedAt')}>{ctx.formatDateTime?.(record.updated_at)}</Descriptions.Item>
          <Descriptions.Item label={t('records:detail.version')}>{record.version}</Descriptions.Item>
        </Descriptions>
        {live
          .filter((f) => f.type === 'sub_form')
          .map((f) => (
            <Card key={f.name} size="small" title={f.label} style={{ marginTop: 16 }}>
              <SubFormRows field={f} rows={record[f.name]} ctx={ctx} />
            </Card>
          ))}
      </Card>
      {(entity.referenced_by ?? []).map((ref) => (
        <RelatedList key={`${ref.entity}.${ref.field}`} reference={ref} id={id} />
      ))}
      <History entity={entity} id={id} relationLabels={labels} />
    </>
  );
}

export default function RecordPage() {
  const { entity: name, id } = useParams();
  const { t } = useTranslation('records');
  const entity = useEntity(name);
  const recordId = Number(id);
  if (!Number.isInteger(recordId) || recordId <= 0) return <Result status="404" title={t('detail.badId')} />;
  if (entity.loading && !entity.data) return <Spin />;
  if (!entity.data) return <Result status="error" title={t('entityMissing')} subTitle={entity.error} />;
  return <RecordDetail key={`${entity.data.name}/${recordId}`} entity={entity.data} id={recordId} />;
}
