// /tasks: my to-dos, phone width first. Open ones come due first (overdue highlighted); each can be done,
// snoozed (1 h, tomorrow 9:00, a picked time) or reassigned; the done tab can reopen.
import { useCallback, useState } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import * as api from '../../api/tasks';
import type { Task, TaskPage } from '../../api/tasks';
import { useAuth } from '../../auth/AuthContext';
import LoadMore from '../../components/LoadMore';
import { errorMessage } from '../../components/formErrors';
import { formatDateTime } from '../../components/format';
import { useCursorList } from '../../components/useCursorList';
import TaskCard from './TaskCard';
import type { SnoozeChoice } from './TaskCard';
import { ReassignModal, SnoozeModal } from './TaskModals';
import { inOneHour, tomorrowAt } from './time';

type Tab = 'open' | 'done';

function TaskList({ tab }: { tab: Tab }) {
  const { t, i18n } = useTranslation(['tasks', 'common']);
  const { user } = useAuth();
  const { message } = App.useApp();
  const timeZone = user?.org.time_zone ?? 'Asia/Shanghai';
  const [total, setTotal] = useState<number | null>(null);
  const list = useCursorList(
    useCallback(
      async (cursor: string | null): Promise<TaskPage> => {
        const page = await api.myTasks(tab, cursor);
        setTotal(page.total);
        return page;
      },
      [tab],
    ),
  );
  const [busy, setBusy] = useState<number | null>(null);
  const [snoozing, setSnoozing] = useState<Task | null>(null);
  const [reassigning, setReassigning] = useState<Task | null>(null);
  const format = (iso: string) => formatDateTime(iso, timeZone, i18n.language).slice(0, -3);

  /** Runs a change; the task leaves this tab's list (done, snoozed, given away) or is reloaded. */
  const act = async (task: Task, change: () => Promise<Task>, done: (saved: Task) => string) => {
    setBusy(task.id);
    try {
      const saved = await change();
      void message.success(done(saved));
      await list.reload();
    } catch (caught) {
      if (isApiError(caught) && caught.code === 'task.version_conflict') {
        void message.warning(t('tasks:inbox.conflict'));
        await list.reload();
      } else void message.error(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  };
  const snooze = (task: Task, until: string) => act(task, () => api.snoozeTask(task, until), () => t('tasks:inbox.snoozedTo', { at: format(until) }));
  const onSnooze = (task: Task, choice: SnoozeChoice) => {
    if (choice === 'pick') setSnoozing(task);
    else void snooze(task, choice === 'hour' ? inOneHour(Date.now()) : tomorrowAt(Date.now(), timeZone));
  };

  return (
    <div data-testid={`tasks-${tab}`}>
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 12 }} />}
      {total !== null && total > 0 && <Typography.Text type="secondary">{t('tasks:inbox.total', { count: total })}</Typography.Text>}
      <div style={{ marginTop: 8 }}>
        {list.items.map((task) => (
          <TaskCard
            key={task.id}
            task={task}
            busy={busy === task.id}
            format={format}
            onDone={() => void act(task, () => api.completeTask(task), () => t('tasks:inbox.completed', { title: task.title }))}
            onReopen={() => void act(task, () => api.reopenTask(task), () => t('tasks:inbox.reopened', { title: task.title }))}
            onSnooze={(choice) => onSnooze(task, choice)}
            onReassign={() => setReassigning(task)}
          />
        ))}
      </div>
      {!list.loading && list.items.length === 0 && !list.error && <Empty description={t(tab === 'open' ? 'tasks:inbox.empty' : 'tasks:inbox.emptyDone')} />}
      {(list.items.length > 0 || list.loading) && <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loading} onLoadMore={() => void list.loadMore()} />}
      {snoozing && (
        <SnoozeModal
          timeZone={timeZone}
          onCancel={() => setSnoozing(null)}
          onOk={(iso) => {
            const task = snoozing;
            setSnoozing(null);
            void snooze(task, iso);
          }}
        />
      )}
      {reassigning && (
        <ReassignModal
          onCancel={() => setReassigning(null)}
          onOk={(picked) => {
            const task = reassigning;
            setReassigning(null);
            void act(task, () => api.reassignTask(task, picked.id), () => t('tasks:inbox.reassigned', { name: picked.name }));
          }}
        />
      )}
    </div>
  );
}

export default function TasksPage() {
  const { t } = useTranslation(['tasks', 'common']);
  const [tab, setTab] = useState<Tab>('open');
  const [generation, setGeneration] = useState(0);
  return (
    <Card
      title={t('tasks:inbox.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => setGeneration((g) => g + 1)} aria-label={t('common:action.reload')} />
        </Space>
      }
      style={{ maxWidth: 720 }}
      styles={{ body: { padding: 12 } }}
    >
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key as Tab)}
        items={(['open', 'done'] as const).map((key) => ({
          key,
          label: <span data-testid={`tab-${key}`}>{t(`tasks:inbox.${key}`)}</span>,
          children: tab === key ? <TaskList key={`${key}-${generation}`} tab={key} /> : null,
        }))}
      />
    </Card>
  );
}
