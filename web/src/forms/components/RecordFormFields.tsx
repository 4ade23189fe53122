import { Form, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Entity, Field } from '../../api/schema';
import type { RecordRow } from '../../api/records';
import { isEditable, isMasked } from '../fieldKinds';
import FieldInput, { fieldRule } from './FieldInput';
import SubFormInput from './SubFormInput';

interface Props {
  fields: readonly Field[];
  targets: Record<string, Entity | undefined>;
  /** The record being edited (for masked values and relation labels); null when creating. */
  record: RecordRow | null;
  relationLabels?: Record<string, Record<number, string>>;
  disabled?: boolean;
}

/** The Form.Items of a record form generated from the catalog: one per editable field, in order. Used
 *  by the create/edit page and by the designer's preview. */
export default function RecordFormFields({ fields, targets, record, relationLabels, disabled }: Props) {
  const { t } = useTranslation('records');
  return (
    <>
      {fields.filter(isEditable).map((field) => {
        const masked = record !== null && isMasked(field, record[field.name]);
        const label = (
          <span>
            {field.label}
            {field.sensitive && (
              <Tag color="gold" style={{ marginInlineStart: 8 }}>
                {t('form.sensitive')}
              </Tag>
            )}
          </span>
        );
        if (field.type === 'sub_form') {
          return (
            <Form.Item key={field.name} label={label} help={field.options.help}>
              <SubFormInput field={field} disabled={disabled} />
            </Form.Item>
          );
        }
        const relationId = record?.[field.name];
        return (
          <Form.Item
            key={field.name}
            name={field.name}
            label={label}
            required={field.required && !masked}
            // A masked value left empty keeps what is stored, so it is not "missing".
            rules={[fieldRule(masked ? { ...field, required: false } : field, t)]}
            extra={masked ? t('form.maskedHelp', { value: String(record?.[field.name]) }) : field.options.help}
          >
            <FieldInput
              field={field}
              targets={targets}
              disabled={disabled}
              placeholder={masked ? String(record?.[field.name]) : undefined}
              relationLabel={typeof relationId === 'number' ? relationLabels?.[field.name]?.[relationId] : undefined}
            />
          </Form.Item>
        );
      })}
    </>
  );
}
