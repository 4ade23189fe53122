// One to-do in the inbox, laid out for a phone first: title, due time (red when overdue), details, the
// record it is about, and done / snooze / reassign (or reopen once done).
import { CheckOutlined, ClockCircleOutlined, DownOutlined, SwapOutlined, UndoOutlined } from '@ant-design/icons';
import { Button, Card, Dropdown, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Task } from '../../api/tasks';

export type SnoozeChoice = 'hour' | 'tomorrow' | 'pick';

interface Props {
  task: Task;
  busy: boolean;
  format: (iso: string) => string;
  onDone: () => void;
  onReopen: () => void;
  onSnooze: (choice: SnoozeChoice) => void;
  onReassign: () => void;
}

export default function TaskCard({ task, busy, format, onDone, onReopen, onSnooze, onReassign }: Props) {
  const { t } = useTranslation('tasks');
  const open = task.status === 'open';
  const snoozeMenu = {
    items: [
      { key: 'hour', label: <span data-testid={`task-${task.id}-snooze-hour`}>{t('inbox.snooze1h')}</span> },
      { key: 'tomorrow', label: <span data-testid={`task-${task.id}-snooze-tomorrow`}>{t('inbox.snoozeTomorrow')}</span> },
      { key: 'pick', label: <span data-testid={`task-${task.id}-snooze-pick`}>{t('inbox.snoozePick')}</span> },
    ],
    onClick: ({ key }: { key: string }) => onSnooze(key as SnoozeChoice),
  };
  return (
    <Card
      size="small"
      style={{ marginBottom: 12, borderColor: open && task.overdue ? '#ff4d4f' : undefined, background: open && task.overdue ? '#fff2f0' : undefined }}
      data-testid={`task-${task.id}`}
    >
      <Space direction="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap size={4}>
          <Typography.Text strong delete={!open} data-testid={`task-${task.id}-title`}>
            {task.title}
          </Typography.Text>
          {open && task.overdue && <Tag color="error" data-testid={`task-${task.id}-overdue`}>{t('inbox.overdue')}</Tag>}
        </Space>
        <Typography.Text type={open && task.overdue ? 'danger' : 'secondary'} style={{ fontSize: 13 }}>
          {!open && task.done_at ? t('inbox.doneAt', { at: format(task.done_at) }) : task.due_at ? t('inbox.due', { at: format(task.due_at) }) : t('inbox.noDue')}
          {open && task.snoozed_until && ` · ${t('inbox.snoozed', { at: format(task.snoozed_until) })}`}
        </Typography.Text>
        {task.body && <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{task.body}</Typography.Paragraph>}
        {task.entity && task.record_id !== null && (
          <Link to={`/data/${task.entity}/${task.record_id}`} data-testid={`task-${task.id}-record`}>
            {t('inbox.openRecord')}
          </Link>
        )}
        <Space wrap style={{ marginTop: 4 }}>
          {open ? (
            <>
              <Button type="primary" size="small" icon={<CheckOutlined />} loading={busy} onClick={onDone} data-testid={`task-${task.id}-done`}>
                {t('inbox.markDone')}
              </Button>
              <Dropdown menu={snoozeMenu} trigger={['click']} disabled={busy}>
                <Button size="small" icon={<ClockCircleOutlined />} data-testid={`task-${task.id}-snooze`}>
                  {t('inbox.snooze')} <DownOutlined />
                </Button>
              </Dropdown>
              <Button size="small" icon={<SwapOutlined />} disabled={busy} onClick={onReassign} data-testid={`task-${task.id}-reassign`}>
                {t('inbox.reassign')}
              </Button>
            </>
          ) : (
            <Button size="small" icon={<UndoOutlined />} loading={busy} onClick={onReopen} data-testid={`task-${task.id}-reopen`}>
              {t('inbox.reopen')}
            </Button>
          )}
        </Space>
      </Space>
    </Card>
  );
}
