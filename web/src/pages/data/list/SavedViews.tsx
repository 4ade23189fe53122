import { useCallback, useEffect, useState } from 'react';
import { DeleteOutlined, SaveOutlined } from '@ant-design/icons';
import { Button, Checkbox, Input, Popover, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { hasPermission } from '../../../access';
import * as api from '../../../api/views';
import type { SavedView } from '../../../api/views';
import { useAuth } from '../../../auth/AuthContext';
import type { FilterableField } from '../../../forms/filter';
import { editableViews, fromServer, toServer } from '../../../forms/savedViews';
import type { ListView } from '../../../forms/savedViews';

/** Saved views of this entity's list, kept on the server: shared ones (marked 共享, changed only with
 *  schema.manage or views.manage) and the user's own. */
export default function SavedViews({ entity, current, fields, onApply }: {
  entity: string;
  current: ListView;
  fields: readonly FilterableField[];
  onApply: (view: ListView) => void;
}) {
  const { t } = useTranslation('records');
  const { user } = useAuth();
  const permissions = user?.permissions ?? [];
  const canShare = hasPermission(permissions, 'schema.manage') || hasPermission(permissions, 'views.manage');
  const [views, setViews] = useState<SavedView[]>([]);
  const [selected, setSelected] = useState<number | undefined>();
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [open, setOpen] = useState(false);

  const reload = useCallback(async () => {
    try {
      setViews(await api.listViews(entity));
    } catch {
      setViews([]); // the client reports the error
    }
  }, [entity]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const rows = editableViews(views, canShare);
  const chosen = rows.find((r) => r.view.id === selected);

  const saveNew = async () => {
    try {
      const made = await api.createView(entity, { ...toServer({ ...current, name }, fields), shared: canShare && shared });
      await reload();
      setSelected(made.id);
      setName('');
      setShared(false);
      setOpen(false);
    } catch {
      // Shown by the client (e.g. view.duplicate_name); the popover stays open to fix the name.
    }
  };

  const save = (
    <Space direction="vertical" style={{ maxWidth: 280 }}>
      <Space.Compact style={{ width: '100%' }}>
        <Input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('views.name')} maxLength={50} data-testid="view-name" />
        <Button type="primary" disabled={!name.trim()} onClick={() => void saveNew()} data-testid="view-save-confirm">
          {t('views.save')}
        </Button>
      </Space.Compact>
      {canShare && (
        <Checkbox checked={shared} onChange={(e) => setShared(e.target.checked)} data-testid="view-shared">
          {t('views.saveShared')}
        </Checkbox>
      )}
      {chosen?.editable && (
        <Button
          size="small"
          onClick={() => {
            const { name: _name, ...rest } = toServer(current, fields);
            void api.updateView(entity, chosen.view.id, rest).then(reload, () => undefined);
            setOpen(false);
          }}
          data-testid="view-update"
        >
          {t('views.update', { name: chosen.view.name })}
        </Button>
      )}
      <Typography.Text type="secondary">{t('views.serverNote')}</Typography.Text>
    </Space>
  );
  return (
    <Space.Compact>
      <Select
        placeholder={t('views.choose')}
        value={selected}
        style={{ width: 170 }}
        options={rows.map(({ view }) => ({
          value: view.id,
          label: (
            <span>
              {view.shared && <Tag color="blue">{t('views.shared')}</Tag>}
              {view.name}
            </span>
          ),
        }))}
        onChange={(value: number) => {
          const view = views.find((v) => v.id === value);
          setSelected(value);
          if (view) onApply(fromServer(view, fields).view);
        }}
        notFoundContent={t('views.none')}
        data-testid="views-select"
      />
      {chosen?.editable && (
        <Button
          icon={<DeleteOutlined />}
          aria-label={t('views.delete')}
          onClick={() => {
            void api.deleteView(entity, chosen.view.id).then(reload, () => undefined);
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
