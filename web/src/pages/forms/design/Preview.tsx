import { useState } from 'react';
import { Drawer, Form, Segmented, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Entity, Field } from '../../../api/schema';
import type { DraftField } from '../../../forms/designer';
import RecordFormFields from '../../../forms/components/RecordFormFields';

const widths = { desktop: 960, phone: 375 } as const;

/** The form as people will fill it, at desktop or phone width, from the draft (published or not). */
export default function Preview({ open, draft, targets, onClose }: {
  open: boolean;
  draft: DraftField[];
  targets: Record<string, Entity | undefined>;
  onClose: () => void;
}) {
  const { t } = useTranslation('forms');
  const { token } = theme.useToken();
  const [device, setDevice] = useState<keyof typeof widths>('desktop');
  const fields: Field[] = draft.map(({ name, label, type, required, unique, sensitive, options }) => ({ name, label, type, required, unique, sensitive, options }));
  return (
    <Drawer open={open} onClose={onClose} width="min(1040px, 100vw)" title={t('designer.preview')} destroyOnHidden>
      <Segmented
        value={device}
        onChange={(v) => setDevice(v as keyof typeof widths)}
        options={[
          { value: 'desktop', label: t('designer.desktop') },
          { value: 'phone', label: t('designer.phone') },
        ]}
        style={{ marginBottom: 16 }}
        data-testid="preview-device"
      />
      <div
        data-testid="preview-frame"
        style={{
          width: widths[device],
          boxSizing: 'border-box',
          maxWidth: '100%',
          border: `1px solid ${token.colorBorder}`,
          borderRadius: device === 'phone' ? 24 : token.borderRadiusLG,
          padding: device === 'phone' ? '24px 12px' : 24,
          margin: '0 auto',
        }}
      >
        <Form layout="vertical">
          <RecordFormFields fields={fields} targets={targets} record={null} />
        </Form>
      </div>
    </Drawer>
  );
}
