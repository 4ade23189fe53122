// The type-specific part of the properties panel: choices, relation target, sub-form columns, formula
// (with the server's error position marked), serial pattern, length/pattern and numeric ranges.
import { Alert, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Entity, FieldOptions, FieldType } from '../../../api/schema';
import type { DraftField } from '../../../forms/designer';
import { choiceTypes, inputKind } from '../../../forms/fieldKinds';
import { ChoicesEditor, SubFieldsEditor } from './OptionEditors';
import type { ServerFieldError } from './useDesigner';

interface Props {
  field: DraftField;
  draft: DraftField[];
  entities: Entity[];
  types: FieldType[];
  problems: Record<string, string>;
  serverError?: ServerFieldError;
  onOptions: (options: FieldOptions) => void;
}

/** The expression with a marker at the character the server pointed at. */
function FormulaPosition({ expression, position }: { expression: string; position: number }) {
  const chars = [...expression];
  const at = Math.min(Math.max(position, 0), chars.length);
  return (
    <pre data-testid="formula-position" style={{ whiteSpace: 'pre-wrap', margin: '4px 0' }}>
      {chars.slice(0, at).join('')}
      <mark style={{ background: '#ffccc7' }}>{chars[at] ?? ' '}</mark>
      {chars.slice(at + 1).join('')}
    </pre>
  );
}

export default function TypeOptions({ field, draft, entities, types, problems, serverError, onOptions }: Props) {
  const { t } = useTranslation('forms');
  const o = field.options;
  const set = (change: Partial<FieldOptions>) => {
    const next: FieldOptions = { ...o, ...change };
    for (const [k, v] of Object.entries(next)) if (v === undefined || v === null || v === '') delete next[k];
    onOptions(next);
  };
  const problem = (name: string) =>
    problems[name] ? { validateStatus: 'error' as const, help: t(`problem.${problems[name]}` as 'problem.name') } : {};
  const kind = inputKind(field.type);

  if (choiceTypes.includes(field.type)) {
    return (
      <Form.Item label={t('props.choices')} {...problem('choices')}>
        <ChoicesEditor value={o.choices ?? []} onChange={(choices) => set({ choices })} />
      </Form.Item>
    );
  }
  if (field.type === 'relation') {
    return (
      <>
        <Form.Item label={t('props.target')} {...problem('target')}>
          <Select
            value={o.target}
            onChange={(target: string) => set({ target })}
            options={entities.map((e) => ({ value: e.name, label: `${e.label} (${e.name})` }))}
            disabled={Boolean(field.published)}
            data-testid="prop-target"
          />
        </Form.Item>
        <Form.Item label={t('props.reverseLabel')} extra={t('props.reverseLabelHelp')}>
          <Input value={o.reverse_label ?? ''} onChange={(e) => set({ reverse_label: e.target.value })} />
        </Form.Item>
      </>
    );
  }
  if (field.type === 'sub_form') {
    return (
      <Form.Item label={t('props.subFields')} {...problem('fields')}>
        <SubFieldsEditor value={o.fields ?? []} types={types} onChange={(fields) => set({ fields })} />
      </Form.Item>
    );
  }
  if (field.type === 'formula') {
    return (
      <>
        <Form.Item
          label={t('props.expression')}
          extra={t('props.expressionHelp')}
          {...problem('expression')}
          {...(serverError ? { validateStatus: 'error' as const, help: serverError.message } : {})}
        >
          <Input.TextArea value={o.expression ?? ''} onChange={(e) => set({ expression: e.target.value })} autoSize={{ minRows: 2 }} data-testid="prop-expression" />
        </Form.Item>
        {serverError?.position !== undefined && <FormulaPosition expression={o.expression ?? ''} position={serverError.position} />}
        <Form.Item label={t('props.resultType')}>
          <Select
            value={o.result_type ?? 'number'}
            onChange={(result_type: FieldOptions['result_type']) => set({ result_type, precision: result_type === 'number' ? o.precision : undefined })}
            options={(['number', 'text', 'date', 'boolean'] as const).map((r) => ({ value: r, label: t(`resultType.${r}`) }))}
          />
        </Form.Item>
        {(o.result_type ?? 'number') === 'number' && (
          <Form.Item label={t('props.precision')}>
            <InputNumber min={0} max={6} value={o.precision} onChange={(v) => set({ precision: v ?? undefined })} />
          </Form.Item>
        )}
      </>
    );
  }
  if (field.type === 'serial') {
    return (
      <Form.Item label={t('props.serialPattern')} extra={t('props.serialHelp')} {...problem('pattern')}>
        <Input value={String(o.pattern ?? '')} onChange={(e) => set({ pattern: e.target.value })} data-testid="prop-serial" />
      </Form.Item>
    );
  }
  if (field.type === 'lookup') {
    const relations = draft.filter((f) => f.type === 'relation');
    return (
      <>
        <Form.Item label={t('props.lookupRelation')}>
          <Select value={o.relation} onChange={(relation: string) => set({ relation })} options={relations.map((f) => ({ value: f.name, label: f.label }))} />
        </Form.Item>
        <Form.Item label={t('props.lookupField')}>
          <Input value={o.field ?? ''} onChange={(e) => set({ field: e.target.value.trim() })} />
        </Form.Item>
      </>
    );
  }
  if (field.type === 'rollup') {
    const subForms = draft.filter((f) => f.type === 'sub_form');
    return (
      <>
        <Form.Item label={t('props.rollupSubForm')}>
          <Select value={o.sub_form} onChange={(sub_form: string) => set({ sub_form })} options={subForms.map((f) => ({ value: f.name, label: f.label }))} />
        </Form.Item>
        <Form.Item label={t('props.lookupField')}>
          <Input value={o.field ?? ''} onChange={(e) => set({ field: e.target.value.trim() })} />
        </Form.Item>
        <Form.Item label={t('props.rollupFunction')}>
          <Select value={o.function} onChange={(fn: FieldOptions['function']) => set({ function: fn })} options={['sum', 'count', 'avg', 'min', 'max'].map((f) => ({ value: f, label: f }))} />
        </Form.Item>
      </>
    );
  }
  if (['text', 'textarea'].includes(kind) && !['phone', 'email', 'id_card', 'address'].includes(field.type)) {
    return (
      <>
        <Form.Item label={t('props.maxLength')}>
          <InputNumber min={1} value={o.max_length} onChange={(v) => set({ max_length: v ?? undefined })} />
        </Form.Item>
        {field.type === 'text' && (
          <>
            <Form.Item label={t('props.pattern')} extra={t('props.patternHelp')}>
              <Input value={String(o.pattern ?? '')} onChange={(e) => set({ pattern: e.target.value })} />
            </Form.Item>
            <Form.Item label={t('props.patternMessage')}>
              <Input value={o.pattern_message ?? ''} onChange={(e) => set({ pattern_message: e.target.value })} />
            </Form.Item>
          </>
        )}
      </>
    );
  }
  if (['number', 'integer', 'money'].includes(kind) && field.type !== 'rating') {
    return (
      <>
        <Form.Item label={t('props.min')} extra={kind === 'money' ? t('props.fenHelp') : undefined}>
          <InputNumber value={o.min as number | undefined} onChange={(v) => set({ min: v ?? undefined })} />
        </Form.Item>
        <Form.Item label={t('props.max')}>
          <InputNumber value={o.max as number | undefined} onChange={(v) => set({ max: v ?? undefined })} />
        </Form.Item>
      </>
    );
  }
  if (field.type === 'image' || field.type === 'file') {
    return (
      <Form.Item label={t('props.maxCount')} extra={t('props.maxCountHelp', { count: field.type === 'image' ? 9 : 10 })} {...(serverError?.option === 'max_count' ? { validateStatus: 'error' as const, help: serverError.message } : {})}>
        <InputNumber min={1} max={50} precision={0} value={o.max_count} onChange={(v) => set({ max_count: v ?? undefined })} data-testid="prop-max-count" />
      </Form.Item>
    );
  }
  if (field.type === 'phone') {
    return (
      <Form.Item label={t('props.allowLandline')}>
        <Select value={o.allow_landline === true} onChange={(v: boolean) => set({ allow_landline: v || undefined })} options={[{ value: false, label: t('props.no') }, { value: true, label: t('props.yes') }]} />
      </Form.Item>
    );
  }
  if (serverError) return <Alert type="error" showIcon message={serverError.message} />;
  return <Typography.Text type="secondary">{t('props.noOptions')}</Typography.Text>;
}
