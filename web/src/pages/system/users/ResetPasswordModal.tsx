import { useState } from 'react';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import * as api from '../../../api/endpoints';
import type { UserRow } from '../../../api/types';
import { useLastValue } from '../../../components/useLastValue';
import { applyFieldErrors, errorMessage, setFieldError } from '../../../components/formErrors';

interface ResetPasswordForm {
  password: string;
}

/** Sets another user's password. The strength rule is the server's: its auth.weak_password message is shown
 *  under the field. */
export default function ResetPasswordModal({ row, onClose, onDone }: {
  /** The user whose password is reset; null keeps the modal closed. */
  row: UserRow | null;
  onClose: () => void;
  onDone: (row: UserRow) => void;
}) {
  const { t } = useTranslation(['system', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<ResetPasswordForm>();
  const [saving, setSaving] = useState(false);
  const shown = useLastValue(row);
  const name = shown ? shown.display_name || shown.username : '';

  const close = () => {
    form.resetFields();
    onClose();
  };

  const submit = async () => {
    if (!row) return;
    const { password } = await form.validateFields();
    setSaving(true);
    try {
      await api.setUserPassword(row.id, { password });
      void message.success(t('system:users.passwordReset', { name }));
      form.resetFields();
      onDone(row);
    } catch (caught) {
      if (isApiError(caught) && caught.code === 'auth.weak_password') {
        setFieldError(form, 'password', caught.message);
      } else if (!applyFieldErrors(form, caught, ['password'])) {
        void message.error(errorMessage(caught));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={row !== null}
      title={t('system:users.resetPasswordTitle', { name })}
      okText={t('common:action.save')}
      cancelText={t('common:action.cancel')}
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={close}
      forceRender
    >
      <Form<ResetPasswordForm> name="resetPassword" form={form} layout="vertical" data-testid="reset-password-form">
        <Form.Item
          name="password"
          label={t('system:users.newPassword')}
          extra={t('system:users.newPasswordHelp')}
          rules={[{ required: true, message: t('system:users.newPasswordRequired') }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
