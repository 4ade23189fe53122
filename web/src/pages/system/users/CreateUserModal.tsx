import { useState } from 'react';
import { App, Form, Input, Modal, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import * as api from '../../../api/endpoints';
import type { Branch, Role, UserRow } from '../../../api/types';
import { applyFieldErrors, errorMessage, setFieldError } from '../../../components/formErrors';

interface CreateUserForm {
  username: string;
  display_name: string;
  password: string;
  roles: string[];
  branch_id?: number | null;
}

const formFields = ['username', 'display_name', 'password', 'roles', 'branch_id'] as const;

/** Modal form for POST /users. `roles` fills the role picker (labels shown, names sent); when the user may
 *  not read roles it is empty and role names are typed in. No branch chosen makes a head-office account. */
export default function CreateUserModal({ open, roles, branches, onClose, onCreated }: {
  open: boolean;
  roles: Role[];
  branches: Branch[];
  onClose: () => void;
  onCreated: (user: UserRow) => void;
}) {
  const { t } = useTranslation(['system', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateUserForm>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const created = await api.createUser({
        username: values.username.trim(),
        display_name: values.display_name.trim(),
        password: values.password,
        roles: values.roles ?? [],
        branch_id: values.branch_id ?? null,
      });
      void message.success(t('system:users.created', { username: created.username }));
      form.resetFields();
      onCreated(created);
    } catch (caught) {
      if (isApiError(caught) && caught.code === 'user.username_taken') {
        setFieldError(form, 'username', caught.message);
      } else if (isApiError(caught) && caught.code === 'auth.weak_password') {
        setFieldError(form, 'password', caught.message);
      } else if (isApiError(caught) && caught.code === 'org.branch_not_found') {
        setFieldError(form, 'branch_id', caught.message);
      } else if (!applyFieldErrors(form, caught, formFields)) {
        void message.error(errorMessage(caught));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('system:users.create')}
      okText={t('common:action.save')}
      cancelText={t('common:action.cancel')}
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={() => {
        form.resetFields();
        onClose();
      }}
      forceRender
    >
      <Form<CreateUserForm> name="createUser" form={form} layout="vertical" initialValues={{ roles: [] }} data-testid="create-user-form">
        <Form.Item
          name="username"
          label={t('system:users.username')}
          rules={[
            { required: true, whitespace: true, message: t('system:users.usernameRequired') },
            { pattern: /^[A-Za-z0-9_.@-]{3,64}$/, message: t('system:users.usernamePattern') },
          ]}
        >
          <Input autoComplete="off" maxLength={64} />
        </Form.Item>
        <Form.Item
          name="display_name"
          label={t('system:users.displayName')}
          rules={[{ required: true, whitespace: true, message: t('system:users.displayNameRequired') }]}
        >
          <Input maxLength={64} />
        </Form.Item>
        <Form.Item
          name="password"
          label={t('system:users.password')}
          extra={t('system:users.passwordHelp')}
          rules={[{ required: true, message: t('system:users.passwordRequired') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item name="roles" label={t('system:users.roles')}>
          <Select
            mode={roles.length > 0 ? 'multiple' : 'tags'}
            placeholder={t('system:users.rolesPlaceholder')}
            options={roles.map((role) => ({ value: role.name, label: role.label || role.name }))}
          />
        </Form.Item>
        <Form.Item name="branch_id" label={t('system:users.branch')} extra={t('system:users.branchHelp')}>
          <Select
            allowClear
            placeholder={t('system:users.branchPlaceholder')}
            options={branches.map((branch) => ({ value: branch.id, label: branch.name }))}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
