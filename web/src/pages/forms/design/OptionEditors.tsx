// Editors for the list-valued options: a choice field's choices and a sub-form's columns.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Input, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Choice, FieldType, SubField } from '../../../api/schema';

/** Column types a sub-form row may hold: plain values (no relations, sub-forms or computed types). */
const subFieldTypes = ['text', 'textarea', 'number', 'integer', 'money', 'percent', 'date', 'time', 'select', 'switch', 'phone', 'email'];

export function ChoicesEditor({ value, onChange }: { value: Choice[]; onChange: (choices: Choice[]) => void }) {
  const { t } = useTranslation('forms');
  const set = (i: number, change: Partial<Choice>) => onChange(value.map((c, j) => (j === i ? { ...c, ...change } : c)));
  return (
    <div data-testid="choices-editor">
      {value.map((choice, i) => (
        <Space.Compact key={i} style={{ display: 'flex', marginBottom: 4 }}>
          <Input style={{ width: '40%' }} value={choice.key} placeholder={t('props.choiceKey')} onChange={(e) => set(i, { key: e.target.value.trim() })} data-testid={`choice-key-${i}`} />
          <Input value={choice.label} placeholder={t('props.choiceLabel')} onChange={(e) => set(i, { label: e.target.value })} data-testid={`choice-label-${i}`} />
          <Button icon={<DeleteOutlined />} aria-label={t('designer.remove')} onClick={() => onChange(value.filter((_c, j) => j !== i))} />
        </Space.Compact>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => onChange([...value, { key: `c${value.length + 1}`, label: '' }])} data-testid="choice-add">
        {t('props.addChoice')}
      </Button>
    </div>
  );
}

export function SubFieldsEditor({ value, types, onChange }: { value: SubField[]; types: FieldType[]; onChange: (fields: SubField[]) => void }) {
  const { t } = useTranslation('forms');
  const set = (i: number, change: Partial<SubField>) => onChange(value.map((f, j) => (j === i ? { ...f, ...change } : f)));
  const typeOptions = subFieldTypes.map((name) => ({ value: name, label: types.find((type) => type.name === name)?.label ?? name }));
  return (
    <div data-testid="subfields-editor">
      {value.map((field, i) => (
        <Space key={i} wrap style={{ display: 'flex', marginBottom: 4 }}>
          <Input style={{ width: 110 }} value={field.label} placeholder={t('props.label')} onChange={(e) => set(i, { label: e.target.value })} data-testid={`subfield-label-${i}`} />
          <Input style={{ width: 100 }} value={field.name} placeholder={t('props.name')} onChange={(e) => set(i, { name: e.target.value.trim() })} data-testid={`subfield-name-${i}`} />
          <Select
            style={{ width: 110 }}
            value={field.type}
            options={typeOptions}
            onChange={(type: string) => set(i, { type, options: type === 'select' ? { choices: [{ key: 'a', label: 'A' }] } : undefined })}
            data-testid={`subfield-type-${i}`}
          />
          <Checkbox checked={field.required ?? false} onChange={(e) => set(i, { required: e.target.checked })}>
            {t('props.required')}
          </Checkbox>
          <Button icon={<DeleteOutlined />} aria-label={t('designer.remove')} onClick={() => onChange(value.filter((_f, j) => j !== i))} />
        </Space>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => onChange([...value, { name: `col_${value.length + 1}`, label: '', type: 'text' }])} data-testid="subfield-add">
        {t('props.addSubField')}
      </Button>
    </div>
  );
}
