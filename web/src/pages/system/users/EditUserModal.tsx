import { useEffect, useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import * as api from '../../../api/endpoints';
import type { Role, UserRow } from '../../../api/types';
import { useLastValue } from '../../../components/useLastValue';
import { applyFieldErrors } from '../../../components/formErrors';

interface EditUserForm {
  display_name: string;
  roles: string[];
}

/** Edits a user's name and roles (PATCH with the row's version). Failures other than field errors go to
 *  `onFailed`, which explains a version conflict or shows the server's message (user.last_admin…). */
export default function EditUserModal({ row, roles, onClose, onSaved, onFailed }: {
  /** The user being edited; null keeps the modal closed. */
  row: UserRow | null;
  roles: Role[];
  onClose: () => void;
  onSaved: (saved: UserRow) => void;
  onFailed: (caught: unknown) => void;
}) {
  const { t } = useTranslation(['system', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<EditUserForm>();
  const [saving, setSaving] = useState(false);
  const shown = useLastValue(row);

  useEffect(() => {
    if (!row) return;
    form.resetFields();
    form.setFieldsValue({ display_name: row.display_name, roles: row.roles });
  }, [form, row]);

  const submit = async () => {
    if (!row) return;
    const values = await form.validateFields();
    setSaving(true);
    try {
      const saved = await api.updateUser(row.id, {
        display_name: values.display_name.trim(),
        roles: values.roles ?? [],
        version: row.version,
      });
      void message.success(t('system:users.saved', { username: saved.username }));
      onSaved(saved);
    } catch (caught) {
      if (!applyFieldErrors(form, caught, ['display_name', 'roles'])) onFailed(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={row !== null}
      title={t('system:users.editTitle', { username: shown?.username ?? '' })}
      okText={t('common:action.save')}
      cancelText={t('common:action.cancel')}
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      forceRender
    >
      <Form<EditUserForm> name="editUser" form={form} layout="vertical" data-testid="edit-user-form">
        <Form.Item
          name="display_name"
          label={t('system:users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('system:users.displayNameRequired') }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item name="roles" label={t('system:users.roles')}>
          <Select
            mode={roles.length > 0 ? 'multiple' : 'tags'}
            placeholder={t('system:users.rolesPlaceholder')}
            options={roles.map((role) => ({ value: role.name, label: role.label || role.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
