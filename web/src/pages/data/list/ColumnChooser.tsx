import { SettingOutlined } from '@ant-design/icons';
import { Button, Checkbox, Popover, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Field } from '../../../api/schema';

/** Which fields the table shows, in the entity's order. */
export default function ColumnChooser({ fields, value, onChange }: {
  fields: Field[];
  value: string[];
  onChange: (columns: string[]) => void;
}) {
  const { t } = useTranslation('records');
  const live = fields.filter((f) => !f.retired);
  const content = (
    <Checkbox.Group
      value={value}
      onChange={(checked) => onChange(live.map((f) => f.name).filter((name) => checked.includes(name)))}
      data-testid="column-chooser"
    >
      <Space direction="vertical">
        {live.map((f) => (
          <Checkbox key={f.name} value={f.name}>
            {f.label}
          </Checkbox>
        ))}
      </Space>
    </Checkbox.Group>
  );
  return (
    <Popover content={content} title={t('list.columns')} trigger="click" placement="bottomRight">
      <Button icon={<SettingOutlined />} data-testid="columns-button">
        {t('list.columns')}
      </Button>
    </Popover>
  );
}
