import { useState } from 'react';
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { Button, Input, Popover, Select, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { deleteView, loadViews, saveView } from '../../../forms/savedViews';
import type { ListView } from '../../../forms/savedViews';

/** Saved views of this entity's list, kept in this browser (localStorage), as the popover says. */
export default function SavedViews({ entity, current, onApply }: {
  entity: string;
  current: ListView;
  onApply: (view: ListView) => void;
}) {
  const { t } = useTranslation('records');
  const [views, setViews] = useState(() => loadViews(entity));
  const [selected, setSelected] = useState<string | undefined>();
  const [name, setName] = useState('');
  const [open, setOpen] = useState(false);

  const save = (
    <Space direction="vertical" style={{ maxWidth: 260 }}>
      <Typography.Text type="secondary">{t('views.localNote')}</Typography.Text>
      <Space.Compact style={{ width: '100%' }}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('views.name')} maxLength={40} data-testid="view-name" />
        <Button
          type="primary"
          disabled={!name.trim()}
          onClick={() => {
            setViews(saveView(entity, { ...current, name: name.trim() }));
            setSelected(name.trim());
            setName('');
            setOpen(false);
          }}
          data-testid="view-save-confirm"
        >
          {t('views.save')}
        </Button>
      </Space.Compact>
    </Space>
  );
  return (
    <Space.Compact>
      <Select
        placeholder={t('views.choose')}
        value={selected}
        style={{ width: 150 }}
        options={views.map((v) => ({ value: v.name, label: v.name }))}
        onChange={(value: string) => {
          const view = views.find((v) => v.name === value);
          setSelected(value);
          if (view) onApply(view);
        }}
        notFoundContent={t('views.none')}
        data-testid="views-select"
      />
      {selected && (
        <Button
          icon={<DeleteOutlined />}
          aria-label={t('views.delete')}
          onClick={() => {
            setViews(deleteView(entity, selected));
            setSelected(undefined);
          }}
        />
      )}
      <Popover content={save} title={t('views.saveTitle')} trigger="click" open={open} onOpenChange={setOpen}>
        <Button icon={<SaveOutlined />} data-testid="view-save">
          {t('views.saveAs')}
        </Button>
      </Popover>
    </Space.Compact>
  );
}
