// A template editor: text with an "插入变量" menu that puts {变量} at the cursor, a warning for variables the
// entity does not have, and (optionally) a preview of the text for a real record of the entity.
import { useRef, useState } from 'react';
import { DownOutlined, EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Dropdown, Input, Space, Typography } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useTranslation } from 'react-i18next';
import * as api from '../../../api/rules';
import type { Variable } from '../../../api/rules';
import type { Entity, Field } from '../../../api/schema';
import { errorMessage } from '../../../components/formErrors';
import RelationSelect from '../../../forms/components/RelationSelect';
import { builtinVariables, insertVariable, unknownVariables } from '../template';

interface Props {
  value: string;
  onChange: (text: string) => void;
  variables: Variable[];
  entity: Entity | undefined;
  testId: string;
  rows?: number;
  /** Shows the record picker and the preview button. */
  preview?: boolean;
  placeholder?: string;
}

/** Picks a record of `entity` by search (the record pages' relation picker, pointed at the entity itself). */
function RecordPicker({ entity, value, onChange }: { entity: Entity; value: number | null; onChange: (id: number | null) => void }) {
  const self: Field = { name: 'preview', label: entity.label, type: 'relation', required: false, unique: false, sensitive: false, options: { target: entity.name } };
  return <RelationSelect field={self} target={entity} value={value} onChange={onChange} />;
}

function Preview({ entity, template }: { entity: Entity; template: string }) {
  const { t } = useTranslation('rules');
  const [recordId, setRecordId] = useState<number | null>(null);
  const [result, setResult] = useState<{ text?: string; error?: string } | null>(null);
  const [loading, setLoading] = useState(false);
  const run = async () => {
    if (recordId === null) return;
    setLoading(true);
    try {
      setResult({ text: (await api.previewTemplate(entity.name, recordId, template)).text });
    } catch (caught) {
      setResult({ error: errorMessage(caught) });
    } finally {
      setLoading(false);
    }
  };
  return (
    <div style={{ marginTop: 8 }}>
      <Space wrap>
        <Typography.Text type="secondary">{t('editor.previewRecord')}</Typography.Text>
        <div style={{ minWidth: 200 }}>
          <RecordPicker entity={entity} value={recordId} onChange={(id) => { setRecordId(id); setResult(null); }} />
        </div>
        <Button icon={<EyeOutlined />} disabled={recordId === null || !template.trim()} loading={loading} onClick={() => void run()} data-testid="preview-button">
          {t('editor.preview')}
        </Button>
      </Space>
      {result?.text !== undefined && (
        <Alert type="success" message={t('editor.previewTitle')} description={<span data-testid="preview-text" style={{ whiteSpace: 'pre-wrap' }}>{result.text}</span>} style={{ marginTop: 8 }} />
      )}
      {result?.error && <Alert type="error" showIcon message={result.error} style={{ marginTop: 8 }} data-testid="preview-error" />}
    </div>
  );
}

export default function MessageEditor({ value, onChange, variables, entity, testId, rows = 3, preview = false, placeholder }: Props) {
  const { t } = useTranslation('rules');
  const area = useRef<TextAreaRef>(null);
  const unknown = unknownVariables(value, variables);

  const insert = (name: string) => {
    const element = area.current?.resizableTextArea?.textArea;
    const next = insertVariable(value, element?.selectionStart, element?.selectionEnd, name);
    onChange(next.text);
    // After React writes the new text: put the cursor after the variable.
    setTimeout(() => {
      element?.focus();
      element?.setSelectionRange(next.cursor, next.cursor);
    }, 0);
  };
  const items = [
    ...variables.map((v) => ({ key: v.name, label: <span data-testid={`variable-${v.name}`}>{v.label}</span> })),
    ...builtinVariables
      .filter((name) => !variables.some((v) => v.name === name))
      .map((name) => ({ key: name, label: <span data-testid={`variable-${name}`}>{t(`editor.${name}` as 'editor.today')}</span> })),
  ];

  return (
    <div>
      <Input.TextArea
        ref={area}
        rows={rows}
        autoSize={rows === 1 ? { minRows: 1, maxRows: 2 } : { minRows: rows, maxRows: 10 }}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        data-testid={`${testId}-text`}
      />
      <Space wrap style={{ marginTop: 4 }}>
        <Dropdown menu={{ items, onClick: ({ key }) => insert(key), style: { maxHeight: 320, overflowY: 'auto' } }} trigger={['click']}>
          <Button size="small" data-testid={`${testId}-insert`}>
            {t('editor.insert')} <DownOutlined />
          </Button>
        </Dropdown>
        {unknown.length > 0 && <Typography.Text type="warning">{t('editor.unknown', { names: unknown.map((n) => `{${n}}`).join(' ') })}</Typography.Text>}
      </Space>
      {preview && (entity ? <Preview entity={entity} template={value} /> : <Typography.Paragraph type="secondary">{t('editor.pickEntityFirst')}</Typography.Paragraph>)}
    </div>
  );
}
