import { useState } from 'react';
import { App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import * as api from '../../../api/endpoints';
import type { NewApiKey } from '../../../api/types';
import { applyFieldErrors, errorMessage, setFieldError } from '../../../components/formErrors';

interface CreateApiKeyForm {
  name: string;
}

/** Asks for a key's name and creates it; the reply, with the key itself, goes to `onCreated`. */
export default function CreateApiKeyModal({ open, onClose, onCreated }: {
  open: boolean;
  onClose: () => void;
  onCreated: (created: NewApiKey) => void;
}) {
  const { t } = useTranslation(['system', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<CreateApiKeyForm>();
  const [saving, setSaving] = useState(false);

  const close = () => {
    form.resetFields();
    onClose();
  };

  const submit = async () => {
    const { name } = await form.validateFields();
    setSaving(true);
    try {
      const created = await api.createApiKey({ name: name.trim() });
      form.resetFields();
      onCreated(created);
    } catch (caught) {
      if (applyFieldErrors(form, caught, ['name'])) return;
      if (isApiError(caught) && caught.code === 'request.validation') setFieldError(form, 'name', caught.message);
      else void message.error(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('system:apiKeys.create')}
      okText={t('common:action.save')}
      cancelText={t('common:action.cancel')}
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={close}
      forceRender
    >
      <Form<CreateApiKeyForm>
        name="createApiKey"
        form={form}
        layout="vertical"
        data-testid="create-api-key-form"
        onFinish={() => void submit().catch(() => undefined)}
      >
        <Form.Item
          name="name"
          label={t('system:apiKeys.name')}
          rules={[{ required: true, whitespace: true, max: 100, message: t('system:apiKeys.nameRequired') }]}
        >
          <Input maxLength={100} placeholder={t('system:apiKeys.namePlaceholder')} data-testid="api-key-name" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
