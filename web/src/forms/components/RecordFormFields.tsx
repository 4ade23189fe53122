import { Form, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Entity, Field } from '../../api/schema';
import type { RecordRow } from '../../api/records';
import { fieldStates } from '../conditions';
import { isEditable, isMasked } from '../fieldKinds';
import { ruleRecord } from '../recordValues';
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
 *  by the create/edit page and by the designer's preview. Must sit inside a <Form>: it watches the values
 *  to hide fields whose visible_if is false and lock those whose editable_if is false as people type. */
export default function RecordFormFields({ fields, targets, record, relationLabels, disabled }: Props) {
  const { t } = useTranslation('records');
  const form = Form.useFormInstance();
  const watched = Form.useWatch((values: Record<string, unknown>) => values, { form, preserve: true });
  const states = fieldStates(fields, ruleRecord(fields, watched ?? form.getFieldsValue(true), record));
  return (
    <>
      {fields.filter(isEditable).map((field) => {
        if (states.hidden.has(field.name)) return null;
        const locked = disabled || states.locked.has(field.name);
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
              <SubFormInput field={field} disabled={locked} />
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
              disabled={locked}
              placeholder={masked ? String(record?.[field.name]) : undefined}
              relationLabel={typeof relationId === 'number' ? relationLabels?.[field.name]?.[relationId] : undefined}
            />
          </Form.Item>
        );
      })}
    </>
  );
}
