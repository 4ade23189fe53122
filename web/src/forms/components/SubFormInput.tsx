import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Field } from '../../api/schema';
import FieldInput, { fieldRule } from './FieldInput';

/** A sub-form's rows inside a record form: one line of inputs per row, add and remove. Each row keeps
 *  its id so the server updates rows in place. */
export default function SubFormInput({ field, disabled }: { field: Field; disabled?: boolean }) {
  const { t } = useTranslation('records');
  const columns = field.options.fields ?? [];
  return (
    <Form.List name={field.name}>
      {(rows, { add, remove }) => (
        <div data-testid={`subform-${field.name}`}>
          {rows.map((row, index) => (
            <Space key={row.key} align="start" wrap style={{ display: 'flex', marginBottom: 8 }}>
              {columns.map((column) => {
                const sub: Field = {
                  name: column.name,
                  label: column.label,
                  type: column.type,
                  required: column.required ?? false,
                  unique: false,
                  sensitive: false,
                  options: column.options ?? {},
                };
                return (
                  <Form.Item
                    key={column.name}
                    name={[row.name, column.name]}
                    rules={[fieldRule(sub, t)]}
                    required={sub.required}
                    style={{ marginBottom: 0, minWidth: 140 }}
                  >
                    <FieldInput field={{ ...sub, name: `${field.name}-${index}-${column.name}` }} placeholder={column.label} disabled={disabled} />
                  </Form.Item>
                );
              })}
              <Button
                icon={<DeleteOutlined />}
                onClick={() => remove(row.name)}
                disabled={disabled}
                aria-label={t('form.removeRow')}
              />
            </Space>
          ))}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            onClick={() => add({})}
            disabled={disabled}
            data-testid={`subform-${field.name}-add`}
          >
            {t('form.addRow')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
