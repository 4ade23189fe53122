// Create (/data/:entity/new) and edit (/data/:entity/:id/edit) a record with a form generated from the
// catalog. Client checks mirror the server's; the server's errors land on their fields; a version conflict
// offers to reload.
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Form, Result, Space, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { isApiError } from '../../../api/client';
import * as records from '../../../api/records';
import type { RecordRow } from '../../../api/records';
import type { Entity } from '../../../api/schema';
import { errorMessage } from '../../../components/formErrors';
import RecordFormFields from '../../../forms/components/RecordFormFields';
import { fieldStates } from '../../../forms/conditions';
import { formValues, recordBody, ruleRecord } from '../../../forms/recordValues';
import { useEntity, useRelationTargets } from '../../../forms/useCatalog';
import { useRelationLabels } from '../../../forms/useRelationLabels';
import { applyRecordErrors } from './serverErrors';

function RecordForm({ entity, record, onReload }: { entity: Entity; record: RecordRow | null; onReload: () => void }) {
  const { t } = useTranslation(['records', 'common']);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Record<string, unknown>>();
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<{ conflict: boolean; text: string } | null>(null);
  const targets = useRelationTargets(entity);
  const rows = useMemo(() => (record ? [record] : []), [record]);
  const labels = useRelationLabels(entity, rows, targets);
  const live = useMemo(() => entity.fields.filter((f) => !f.retired), [entity]);
  const initial = useMemo(() => formValues(live, record), [live, record]);

  const save = async (values: Record<string, unknown>) => {
    setSaving(true);
    setFailure(null);
    try {
      const body = recordBody(live, values, record);
      // Fields whose editable_if is false keep their value (the server refuses a change); hidden ones
      // are not mounted, so their values are not in `values` (the server clears them).
      for (const name of fieldStates(live, ruleRecord(live, values, record)).locked) delete body[name];
      const saved = record
        ? await records.updateRecord(entity.name, record.id, body)
        : await records.createRecord(entity.name, body);
      message.success(t('records:form.saved'));
      navigate(`/data/${entity.name}/${saved.id}`);
    } catch (caught) {
      const conflict = isApiError(caught) && caught.code === 'record.version_conflict';
      const placed = !conflict && applyRecordErrors(form, caught, live.map((f) => f.name), t('records:validation.required'));
      setFailure({ conflict, text: conflict ? t('records:form.conflict') : placed ? t('records:form.checkFields') : errorMessage(caught) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card title={record ? t('records:form.editTitle', { entity: entity.label, id: record.id }) : t('records:form.createTitle', { entity: entity.label })}>
      {failure && (
        <Alert
          type={failure.conflict ? 'warning' : 'error'}
          showIcon
          message={failure.text}
          style={{ marginBottom: 16 }}
          data-testid="record-form-error"
          action={failure.conflict ? <Button size="small" onClick={onReload}>{t('records:form.reload')}</Button> : undefined}
        />
      )}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)} style={{ maxWidth: 720 }} data-testid="record-form" scrollToFirstError>
        <RecordFormFields fields={live} targets={targets} record={record} relationLabels={labels} />
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="record-save">
            {t('common:action.save')}
          </Button>
          <Button onClick={() => navigate(record ? `/data/${entity.name}/${record.id}` : `/data/${entity.name}`)}>{t('common:action.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}

export default function RecordEditPage() {
  const { entity: name, id } = useParams();
  const { t } = useTranslation('records');
  const entity = useEntity(name);
  const [record, setRecord] = useState<RecordRow | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const editing = id !== undefined;

  useEffect(() => {
    if (!editing || !name) return;
    setRecord(null);
    records.getRecord(name, Number(id)).then(setRecord, (caught: unknown) => setLoadError(errorMessage(caught)));
  }, [editing, name, id, generation]);

  if (entity.loading && !entity.data) return <Spin />;
  if (!entity.data) return <Result status="error" title={t('entityMissing')} subTitle={entity.error} />;
  if (loadError) return <Result status="error" title={loadError} />;
  if (editing && !record) return <Spin />;
  return (
    <RecordForm
      key={`${entity.data.name}/${record?.id ?? 'new'}/${record?.version ?? 0}`}
      entity={entity.data}
      record={record}
      onReload={() => setGeneration((g) => g + 1)}
    />
  );
}
