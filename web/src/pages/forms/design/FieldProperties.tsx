import { Alert, Checkbox, Empty, Form, Input, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Entity, FieldOptions, FieldType } from '../../../api/schema';
import type { DraftField } from '../../../forms/designer';
import { inputKind } from '../../../forms/fieldKinds';
import CommonOptions, { commonOptionKeys } from './CommonOptions';
import TypeOptions from './TypeOptions';
import type { ServerFieldError } from './useDesigner';

interface Props {
  field: DraftField | undefined;
  draft: DraftField[];
  entities: Entity[];
  types: FieldType[];
  problems: Record<string, string>;
  serverError?: ServerFieldError;
  onChange: (change: Partial<DraftField>) => void;
}

/** The selected field's properties: label, name (fixed once published), flags, help, default and the
 *  type's own options. Local problems and the server's error show at the property they concern. */
export default function FieldProperties({ field, draft, entities, types, problems, serverError, onChange }: Props) {
  const { t } = useTranslation('forms');
  if (!field) return <Empty description={t('designer.selectField')} />;
  const type = types.find((ft) => ft.name === field.type);
  const computed = type?.computed ?? inputKind(field.type) === 'computed';
  const problem = (name: string) =>
    problems[name] ? { validateStatus: 'error' as const, help: t(`problem.${problems[name]}` as 'problem.name') } : {};
  const setOption = (key: keyof FieldOptions, value: unknown) => {
    const options = { ...field.options, [key]: value };
    if (value === '' || value === undefined) delete options[key];
    onChange({ options });
  };
  // An error on a common option shows at that option, not at the top.
  const onCommon = serverError?.option !== undefined && commonOptionKeys.includes(serverError.option);
  const topError = onCommon ? undefined : serverError;
  const simpleDefault = ['text', 'number', 'integer', 'money'].includes(inputKind(field.type)) && !field.sensitive;
  return (
    <Form layout="vertical" size="small" data-testid="field-properties">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {type?.label ?? field.type}
      </Typography.Title>
      {topError && field.type !== 'formula' && <Alert type="error" showIcon message={topError.message} style={{ marginBottom: 12 }} data-testid="field-server-error" />}
      <Form.Item label={t('props.label')} {...problem('label')}>
        <Input value={field.label} maxLength={64} onChange={(e) => onChange({ label: e.target.value })} data-testid="prop-label" />
      </Form.Item>
      <Form.Item label={t('props.name')} extra={field.published ? t('props.nameFixed') : t('props.nameHelp')} {...problem('name')}>
        <Input value={field.name} maxLength={40} disabled={Boolean(field.published)} onChange={(e) => onChange({ name: e.target.value.trim() })} data-testid="prop-name" />
      </Form.Item>
      {!computed && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Checkbox checked={field.required} onChange={(e) => onChange({ required: e.target.checked })} data-testid="prop-required">
            {t('props.required')}
          </Checkbox>
          <Checkbox checked={field.unique} onChange={(e) => onChange({ unique: e.target.checked })} data-testid="prop-unique">
            {t('props.unique')}
          </Checkbox>
          {type?.can_be_sensitive && (
            <Checkbox checked={field.sensitive} disabled={Boolean(field.published)} onChange={(e) => onChange({ sensitive: e.target.checked })} data-testid="prop-sensitive">
              {t('props.sensitive')}
            </Checkbox>
          )}
        </Space>
      )}
      <Form.Item label={t('props.help')}>
        <Input value={field.options.help ?? ''} onChange={(e) => setOption('help', e.target.value)} data-testid="prop-help" />
      </Form.Item>
      {simpleDefault && (
        <Form.Item label={t('props.default')} extra={inputKind(field.type) === 'money' ? t('props.fenHelp') : undefined}>
          <Input
            value={field.options.default === undefined ? '' : String(field.options.default)}
            onChange={(e) => {
              const text = e.target.value;
              const numeric = inputKind(field.type) !== 'text';
              setOption('default', text === '' ? undefined : numeric && Number.isFinite(Number(text)) ? Number(text) : text);
            }}
            data-testid="prop-default"
          />
        </Form.Item>
      )}
      <TypeOptions
        field={field}
        draft={draft}
        entities={entities}
        types={types}
        problems={problems}
        serverError={topError}
        onOptions={(options) => onChange({ options })}
      />
      <CommonOptions field={field} draft={draft} types={types} entities={entities} serverError={onCommon ? serverError : undefined} onOptions={(options) => onChange({ options })} />
    </Form>
  );
}
