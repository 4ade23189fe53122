import { useState } from 'react';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client';
import * as api from '../api/endpoints';
import { applyFieldErrors, errorMessage, setFieldError } from '../components/formErrors';

interface PasswordForm {
  old_password: string;
  new_password: string;
  confirm: string;
}

/** Same rule as the server's auth.weak_password check: 8+ characters with letters and digits. */
export function isStrongPassword(password: string): boolean {
  return password.length >= 8 && /[A-Za-z]/.test(password) && /\d/.test(password);
}

export default function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<PasswordForm>();
  const [saving, setSaving] = useState(false);

  const close = () => {
    form.resetFields();
    onClose();
  };

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      await api.changePassword({ old_password: values.old_password, new_password: values.new_password });
      void message.success(t('password.changed'));
      close();
    } catch (caught) {
      if (isApiError(caught) && caught.code === 'auth.wrong_password') {
        setFieldError(form, 'old_password', caught.message);
      } else if (isApiError(caught) && caught.code === 'auth.weak_password') {
        setFieldError(form, 'new_password', caught.message);
      } else if (!applyFieldErrors(form, caught, ['old_password', 'new_password'])) {
        void message.error(errorMessage(caught));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('action.save')}
      cancelText={t('action.cancel')}
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={close}
      forceRender
    >
      <Form<PasswordForm> name="changePassword" form={form} layout="vertical" data-testid="password-form">
        <Form.Item name="old_password" label={t('password.old')} rules={[{ required: true, message: t('password.required') }]}>
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="new_password"
          label={t('password.new')}
          extra={t('password.rule')}
          rules={[
            { required: true, message: t('password.required') },
            {
              validator: (_, value: string | undefined) =>
                !value || isStrongPassword(value) ? Promise.resolve() : Promise.reject(new Error(t('password.rule'))),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['new_password']}
          rules={[
            { required: true, message: t('password.required') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || value === getFieldValue('new_password')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
