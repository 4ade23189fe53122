// The options every field may carry and the server enforces: when it shows (visible_if), when it can be
// changed (editable_if), per-role access (hidden / read-only / editable by default), an index for filters
// and sorting, and whether a text field takes part in quick search. A server error naming one of these
// options (422 schema.invalid_options, details.option) is shown on it.
import { Divider, Form, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Entity, FieldOptions, FieldType, FilterNode } from '../../../api/schema';
import { isIndexable } from '../../../forms/compoundIndexes';
import { conditionFields } from '../../../forms/conditionBuilder';
import type { DraftField } from '../../../forms/designer';
import { inputKind } from '../../../forms/fieldKinds';
import { useRoles } from '../../system/users/useOrgLists';
import ConditionEditor from './ConditionEditor';
import type { ServerFieldError } from './useDesigner';

/** The options this panel edits; a server error on another option is shown at the top instead. */
export const commonOptionKeys = ['visible_if', 'editable_if', 'access', 'indexed', 'searchable'];

interface Props {
  field: DraftField;
  draft: DraftField[];
  types: FieldType[];
  entities: Entity[];
  serverError?: ServerFieldError;
  onOptions: (options: FieldOptions) => void;
}

function canSearch(field: DraftField): boolean {
  return !field.sensitive && ['text', 'textarea'].includes(inputKind(field.type)) && field.type !== 'json';
}

export default function CommonOptions({ field, draft, types, entities, serverError, onOptions }: Props) {
  const { t } = useTranslation('forms');
  const roles = useRoles(true);
  const o = field.options;
  const set = (key: string, value: unknown) => {
    const next: FieldOptions = { ...o, [key]: value };
    if (value === undefined) delete next[key];
    onOptions(next);
  };
  const status = (option: string) =>
    serverError?.option === option ? { validateStatus: 'error' as const, help: serverError.message } : {};
  const fields = conditionFields(draft, field.key, types);
  const targets = Object.fromEntries(entities.map((e) => [e.name, e]));
  const access = o.access ?? {};
  const roleRows = [
    ...roles.map((r) => ({ name: r.name, label: r.label })),
    ...Object.keys(access)
      .filter((name) => !roles.some((r) => r.name === name))
      .map((name) => ({ name, label: name })),
  ];
  const setAccess = (role: string, level: string) => {
    const next: Record<string, 'hidden' | 'read_only'> = { ...access };
    if (level === 'hidden' || level === 'read_only') next[role] = level;
    else delete next[role];
    set('access', Object.keys(next).length > 0 ? next : undefined);
  };

  return (
    <div data-testid="common-options">
      <Divider orientation="left" plain style={{ margin: '12px 0' }}>
        {t('props.rules')}
      </Divider>
      <Form.Item label={t('props.visibleIf')} extra={t('props.visibleIfHelp')} {...status('visible_if')} data-testid="prop-visible_if">
        <ConditionEditor option="visible_if" value={o.visible_if as FilterNode | undefined} fields={fields} types={types} targets={targets} onChange={(tree) => set('visible_if', tree)} />
      </Form.Item>
      <Form.Item label={t('props.editableIf')} extra={t('props.editableIfHelp')} {...status('editable_if')} data-testid="prop-editable_if">
        <ConditionEditor option="editable_if" value={o.editable_if as FilterNode | undefined} fields={fields} types={types} targets={targets} onChange={(tree) => set('editable_if', tree)} />
      </Form.Item>
      {roleRows.length > 0 && (
        <Form.Item label={t('props.access')} extra={t('props.accessHelp')} {...status('access')} data-testid="prop-access">
          {roleRows.map((role) => (
            <div key={role.name} style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 4 }}>
              <span style={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}>{role.label}</span>
              <Select
                size="small"
                style={{ width: 120 }}
                value={access[role.name] ?? 'editable'}
                onChange={(level: string) => setAccess(role.name, level)}
                options={[
                  { value: 'editable', label: t('access.editable') },
                  { value: 'read_only', label: t('access.read_only') },
                  { value: 'hidden', label: t('access.hidden') },
                ]}
                data-testid={`access-${role.name}`}
              />
            </div>
          ))}
        </Form.Item>
      )}
      {isIndexable(field) && (
        <Form.Item label={t('props.indexed')} extra={t('props.indexedHelp')} {...status('indexed')}>
          <Switch checked={o.indexed === true} onChange={(on) => set('indexed', on ? true : undefined)} data-testid="prop-indexed" />
        </Form.Item>
      )}
      {canSearch(field) && (
        <Form.Item label={t('props.searchable')} {...status('searchable')}>
          <Switch checked={o.searchable !== false} onChange={(on) => set('searchable', on ? undefined : false)} data-testid="prop-searchable" />
        </Form.Item>
      )}
    </div>
  );
}
