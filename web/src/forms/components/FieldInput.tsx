// The input for one field of a record form, chosen by the field's type (fieldKinds.ts), and the antd rule
// that runs the client-side checks of validate.ts with localised messages.
import { Checkbox, Input, InputNumber, Radio, Rate, Select, Switch, Typography } from 'antd';
import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { Entity, Field } from '../../api/schema';
import { currentLanguage } from '../../i18n';
import { inputKind } from '../fieldKinds';
import { validateValue } from '../validate';
import AttachmentInput from './AttachmentInput';
import RelationSelect from './RelationSelect';
import SignaturePad from './SignaturePad';

/** The rule that checks `field` as the server would (required, formats, ranges, pattern). */
export function fieldRule(field: Field, t: TFunction<'records'>): FormRule {
  // No `required` here: antd would check it first with its own message; validateValue checks it.
  return {
    validator: async (_rule, value: unknown) => {
      const problem = validateValue(field, value);
      if (!problem) return;
      throw new Error(problem.text ?? t(`validation.${problem.key}`, { ...problem.values, label: field.label }));
    },
  };
}

interface Props {
  field: Pick<Field, 'name' | 'type' | 'options' | 'label'> & Partial<Field>;
  targets?: Record<string, Entity | undefined>;
  relationLabel?: string;
  disabled?: boolean;
  placeholder?: string;
  // Injected by Form.Item:
  value?: unknown;
  onChange?: (value: unknown) => void;
  id?: string;
}

/** Controlled by Form.Item (value/onChange), like any antd input. */
export default function FieldInput({ field, targets, relationLabel, disabled, placeholder, value, onChange, id }: Props) {
  const { t } = useTranslation('records');
  const english = currentLanguage() === 'en-US';
  const o = field.options;
  const choiceOptions = (o.choices ?? []).map((c) => ({
    value: c.key,
    label: english && c.label_en ? c.label_en : c.label,
  }));
  const common = { id, disabled, 'data-testid': `input-${field.name}` };
  const text = (type?: string, inputMode?: 'tel' | 'email' | 'url') => (
    <Input
      {...common}
      type={type}
      inputMode={inputMode}
      value={(value as string | undefined) ?? ''}
      onChange={(e) => onChange?.(e.target.value)}
      placeholder={placeholder ?? o.placeholder}
    />
  );
  switch (inputKind(field.type)) {
    case 'textarea':
    case 'json':
      return (
        <Input.TextArea
          {...common}
          autoSize={{ minRows: 2, maxRows: 8 }}
          value={(value as string | undefined) ?? ''}
          onChange={(e) => onChange?.(e.target.value)}
          placeholder={placeholder ?? o.placeholder}
        />
      );
    case 'number':
      return (
        <InputNumber
          {...common}
          style={{ width: '100%' }}
          value={value as number | null}
          onChange={(v) => onChange?.(v)}
          precision={o.precision}
          addonAfter={field.type === 'percent' ? '%' : undefined}
        />
      );
    case 'integer':
      if (field.type === 'rating') {
        return <Rate {...common} count={Number(o.max ?? 5)} value={(value as number) ?? 0} onChange={(v) => onChange?.(v || null)} />;
      }
      return (
        <InputNumber
          {...common}
          style={{ width: '100%' }}
          value={value as number | null}
          onChange={(v) => onChange?.(v)}
          precision={0}
          addonAfter={field.type === 'duration' ? t('form.minutes') : undefined}
        />
      );
    case 'money':
      return (
        <InputNumber
          {...common}
          style={{ width: '100%' }}
          prefix="¥"
          step={0.01}
          value={value as number | null}
          onChange={(v) => onChange?.(v)}
        />
      );
    case 'date':
      return text('date');
    case 'datetime':
      return text('datetime-local');
    case 'time':
      return text('time');
    case 'yearMonth':
      return text('month');
    case 'select':
      if (field.type === 'radio') {
        return <Radio.Group {...common} options={choiceOptions} value={value} onChange={(e) => onChange?.(e.target.value)} />;
      }
      return <Select {...common} allowClear options={choiceOptions} value={value ?? null} onChange={(v) => onChange?.(v ?? null)} />;
    case 'multiSelect':
      if (field.type === 'checkbox') {
        return <Checkbox.Group {...common} options={choiceOptions} value={(value as string[]) ?? []} onChange={(v) => onChange?.(v)} />;
      }
      return <Select {...common} mode="multiple" options={choiceOptions} value={(value as string[]) ?? []} onChange={(v) => onChange?.(v)} />;
    case 'tags':
      return <Select {...common} mode="tags" value={(value as string[]) ?? []} onChange={(v) => onChange?.(v)} />;
    case 'switch':
      return <Switch {...common} checked={value === true} onChange={(v) => onChange?.(v)} />;
    case 'relation':
      return (
        <RelationSelect
          id={id}
          field={field as Field}
          target={o.target ? targets?.[o.target] : undefined}
          value={value as number | null}
          onChange={(v) => onChange?.(v)}
          currentLabel={relationLabel}
          disabled={disabled}
        />
      );
    case 'computed':
      return <Typography.Text type="secondary">{t('form.computed')}</Typography.Text>;
    case 'files':
      if (field.type === 'signature') return <SignaturePad id={id} field={field} disabled={disabled} value={value} onChange={onChange} />;
      return <AttachmentInput id={id} field={field} disabled={disabled} value={value} onChange={onChange} />;
    case 'unsupported':
      return <Typography.Text type="secondary">{t('form.unsupported')}</Typography.Text>;
    default:
      break;
  }
  if (field.type === 'phone') return text('tel', 'tel');
  if (field.type === 'email') return text('email', 'email');
  if (field.type === 'url') return text('url', 'url');
  return text();
}
