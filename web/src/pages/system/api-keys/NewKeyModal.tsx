import { CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Input, Modal, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NewApiKey } from '../../../api/types';
import { copyText } from '../../../components/copyText';

/** Shows a just-created key, the only time the server sends it. The parent mounts it only while there is a
 *  key to show and unmounts it on close, so the key leaves the page at once (a closing antd Modal would keep
 *  its content through the fade-out). It closes only by its button, not by a stray click outside or Esc. */
export default function NewKeyModal({ created, onClose }: { created: NewApiKey; onClose: () => void }) {
  const { t } = useTranslation(['system', 'common']);
  const { message } = App.useApp();

  const copy = async () => {
    if (await copyText(created.key)) void message.success(t('system:apiKeys.copied'));
    else void message.warning(t('system:apiKeys.copyFailed'));
  };

  return (
    <Modal
      open
      title={t('system:apiKeys.createdTitle', { name: created.name })}
      closable={false}
      maskClosable={false}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="api-key-saved">
          {t('system:apiKeys.saved')}
        </Button>
      }
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Alert type="warning" showIcon message={t('system:apiKeys.shownOnce')} />
        <Space.Compact style={{ width: '100%' }}>
          <Input
            readOnly
            value={created.key}
            onFocus={(event) => event.target.select()}
            style={{ fontFamily: 'monospace' }}
            data-testid="api-key-value"
          />
          <Button icon={<CopyOutlined />} onClick={() => void copy()} data-testid="api-key-copy">
            {t('system:apiKeys.copy')}
          </Button>
        </Space.Compact>
      </Space>
    </Modal>
  );
}
