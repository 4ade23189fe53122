import { Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { namePattern } from '../../forms/designer';

/** Asks for a new entity's name and label; the entity is created when the designer first publishes. */
export default function CreateEntityModal({ open, taken, onClose, onCreate }: {
  open: boolean;
  taken: string[];
  onClose: () => void;
  onCreate: (name: string, label: string) => void;
}) {
  const { t } = useTranslation(['forms', 'common']);
  const [form] = Form.useForm<{ name: string; label: string }>();
  return (
    <Modal
      open={open}
      title={t('forms:list.create')}
      onCancel={onClose}
      onOk={() => form.validateFields().then((v) => onCreate(v.name.trim(), v.label.trim()), () => undefined)}
      okText={t('forms:list.toDesigner')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false} data-testid="create-entity-form">
        <Form.Item name="label" label={t('forms:entity.label')} rules={[{ required: true, whitespace: true, max: 64, message: t('forms:problem.label') }]}>
          <Input data-testid="entity-label" maxLength={64} />
        </Form.Item>
        <Form.Item
          name="name"
          label={t('forms:entity.name')}
          extra={t('forms:entity.nameHelp')}
          rules={[
            { required: true, pattern: namePattern, message: t('forms:problem.name') },
            { validator: async (_r, v: string) => { if (taken.includes(v)) throw new Error(t('forms:problem.entityTaken')); } },
          ]}
        >
          <Input data-testid="entity-name" maxLength={40} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
