// 创建待办: for whom (a user field of the record, a role in its branch, a fixed user), title, details, due.
import { Form, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Action, Assignee } from '../../../api/rules';
import MessageEditor from './MessageEditor';
import { FixedUserPicker, RolePicker, UserFieldPicker } from './people';
import type { RuleDesigner } from './useRuleDesigner';

type TaskAction = Extract<Action, { type: 'create_task' }>;
type AssigneeKind = 'field' | 'role' | 'user_id';

const kindOf = (a: Assignee): AssigneeKind => ('field' in a ? 'field' : 'role' in a ? 'role' : 'user_id');

export default function TaskActionEditor({ action, index, d, onChange }: { action: TaskAction; index: number; d: RuleDesigner; onChange: (a: Action) => void }) {
  const { t } = useTranslation('rules');
  const kind = kindOf(action.assignee);
  const setAssignee = (assignee: Assignee) => onChange({ ...action, assignee });
  return (
    <>
      <Form.Item label={t('action.assignee')} required>
        <Space wrap>
          <Select<AssigneeKind>
            value={kind}
            onChange={(next) => setAssignee(next === 'field' ? { field: '' } : next === 'role' ? { role: '' } : { user_id: 0 })}
            options={[
              { value: 'field', label: t('action.assigneeField') },
              { value: 'role', label: t('action.assigneeRole') },
              { value: 'user_id', label: t('action.assigneeUser') },
            ]}
            style={{ width: 170 }}
            data-testid={`action-${index}-assignee-kind`}
          />
          {'field' in action.assignee && <UserFieldPicker entity={d.entity} value={action.assignee.field} onChange={(field) => setAssignee({ field })} />}
          {'role' in action.assignee && <RolePicker value={action.assignee.role} onChange={(role) => setAssignee({ role })} />}
          {'user_id' in action.assignee && (
            <FixedUserPicker value={action.assignee.user_id || undefined} onChange={(id) => setAssignee({ user_id: id ?? 0 })} />
          )}
        </Space>
      </Form.Item>
      <Form.Item label={t('action.title')} required>
        <MessageEditor value={action.title} onChange={(title) => onChange({ ...action, title })} variables={d.variables} entity={d.entity} testId={`action-${index}-title`} rows={1} />
      </Form.Item>
      <Form.Item label={t('action.body')}>
        <MessageEditor value={action.body ?? ''} onChange={(body) => onChange({ ...action, body })} variables={d.variables} entity={d.entity} testId={`action-${index}-body`} rows={2} />
      </Form.Item>
      <Form.Item label={t('action.dueIn')}>
        <InputNumber
          min={0}
          max={24 * 366}
          precision={0}
          value={action.due_in_hours ?? null}
          onChange={(n) => onChange({ ...action, due_in_hours: n ?? undefined })}
          addonAfter={t('action.dueInHours')}
          style={{ maxWidth: 420 }}
        />
      </Form.Item>
    </>
  );
}
