import { useState } from 'react';
import { App, Button, Form, Modal, Popconfirm, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import * as records from '../../../api/records';
import type { Entity } from '../../../api/schema';
import { errorMessage } from '../../../components/formErrors';
import FieldInput, { fieldRule } from '../../../forms/components/FieldInput';
import { inputKind, isEditable } from '../../../forms/fieldKinds';
import { recordBody } from '../../../forms/recordValues';

/** Bulk delete (after confirmation) and bulk update of one field for the selected records. */
export default function BulkActions({ entity, targets, ids, onDone }: {
  entity: Entity;
  targets: Record<string, Entity | undefined>;
  ids: number[];
  onDone: () => void;
}) {
  const { t } = useTranslation('records');
  const { message } = App.useApp();
  const [updating, setUpdating] = useState(false);
  const [busy, setBusy] = useState(false);
  const [fieldName, setFieldName] = useState<string | undefined>();
  const [form] = Form.useForm<Record<string, unknown>>();
  const editable = entity.fields.filter((f) => isEditable(f) && !f.unique && !['subForm', 'files'].includes(inputKind(f.type)));
  const field = editable.find((f) => f.name === fieldName);

  const remove = async () => {
    try {
      const reply = await records.bulkDelete(entity.name, ids);
      message.success(t('bulk.deleted', { count: reply.deleted }));
      onDone();
    } catch (caught) {
      message.error(errorMessage(caught));
    }
  };

  const update = async () => {
    if (!field) return;
    const values = await form.validateFields();
    setBusy(true);
    try {
      const body = recordBody([field], values, null);
      const reply = await records.bulkUpdate(entity.name, ids, { [field.name]: body[field.name] ?? null });
      message.success(t('bulk.updated', { count: reply.updated }));
      setUpdating(false);
      onDone();
    } catch (caught) {
      message.error(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };

  if (ids.length === 0) return null;
  return (
    <Space wrap data-testid="bulk-actions">
      <Typography.Text>{t('bulk.selected', { count: ids.length })}</Typography.Text>
      <Button onClick={() => setUpdating(true)} data-testid="bulk-update">
        {t('bulk.update')}
      </Button>
      <Popconfirm title={t('bulk.confirmDelete', { count: ids.length })} onConfirm={remove} okButtonProps={{ danger: true }} okText={t('bulk.delete')}>
        <Button danger data-testid="bulk-delete">
          {t('bulk.delete')}
        </Button>
      </Popconfirm>
      <Modal
        open={updating}
        title={t('bulk.updateTitle', { count: ids.length })}
        onCancel={() => setUpdating(false)}
        onOk={() => void update()}
        okButtonProps={{ disabled: !field, loading: busy }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" preserve={false}>
          <Form.Item label={t('bulk.field')}>
            <Select
              value={fieldName}
              onChange={(name: string) => {
                setFieldName(name);
                form.resetFields();
              }}
              options={editable.map((f) => ({ value: f.name, label: f.label }))}
              data-testid="bulk-field"
            />
          </Form.Item>
          {field && (
            <Form.Item name={field.name} label={t('bulk.value')} rules={[fieldRule(field, t)]}>
              <FieldInput field={field} targets={targets} />
            </Form.Item>
          )}
        </Form>
      </Modal>
    </Space>
  );
}
