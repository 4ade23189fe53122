// /automation/rules/:id/runs: what a rule did — when, for which record, what fired it, the result of each
// action with its error, and how many attempts it took. Newest first, a page at a time.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ArrowLeftOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import * as api from '../../../api/rules';
import type { Rule, Run, RunAction, RunStatus } from '../../../api/rules';
import { useAuth } from '../../../auth/AuthContext';
import LoadMore from '../../../components/LoadMore';
import { formatDateTime } from '../../../components/format';
import { useCursorList } from '../../../components/useCursorList';

const statusColor: Record<RunStatus, string> = { ok: 'success', skipped: 'default', failed: 'error', retrying: 'processing' };

function ActionResult({ result }: { result: RunAction }) {
  const { t } = useTranslation('rules');
  const made = result.task_id
    ? t('runs.task', { id: result.task_id })
    : result.message_id
      ? t('runs.message', { id: result.message_id })
      : result.record_id
        ? t('runs.createdRecord', { id: result.record_id })
        : null;
  return (
    <div>
      <Tag color={result.status === 'ok' ? 'success' : 'error'}>
        {t(`action.${result.type}`)} · {t(result.status === 'ok' ? 'runs.actionOk' : 'runs.actionError')}
      </Tag>
      {made && <Typography.Text type="secondary">{made}</Typography.Text>}
      {result.error && <Typography.Text type="danger"> {result.error}</Typography.Text>}
    </div>
  );
}

export default function RunsPage() {
  const { id } = useParams();
  const ruleId = Number(id);
  const { t, i18n } = useTranslation(['rules', 'common']);
  const { user } = useAuth();
  const [rule, setRule] = useState<Rule | null>(null);
  const list = useCursorList(useCallback((cursor: string | null) => api.listRuns(ruleId, cursor), [ruleId]));
  useEffect(() => {
    api.getRule(ruleId).then(setRule, () => undefined);
  }, [ruleId]);

  const columns = useMemo<TableColumnsType<Run>>(
    () => [
      { title: t('rules:runs.time'), key: 'time', render: (_: unknown, run) => formatDateTime(run.started_at, user?.org.time_zone, i18n.language) },
      {
        title: t('rules:runs.record'),
        key: 'record',
        render: (_: unknown, run) => (run.record_id ? <Link to={`/data/${run.entity}/${run.record_id}`}>#{run.record_id}</Link> : t('rules:runs.none')),
      },
      { title: t('rules:runs.trigger'), dataIndex: 'trigger', key: 'trigger' },
      {
        title: t('rules:runs.status'),
        key: 'status',
        render: (_: unknown, run) => (
          <Space direction="vertical" size={0}>
            <Tag color={statusColor[run.status]}>{t(`rules:runs.${run.status}`)}</Tag>
            {run.error && <Typography.Text type="danger">{run.error}</Typography.Text>}
          </Space>
        ),
      },
      { title: t('rules:runs.actions'), key: 'actions', render: (_: unknown, run) => run.actions.map((a, i) => <ActionResult key={i} result={a} />) },
      { title: t('rules:runs.attempts'), dataIndex: 'attempts', key: 'attempts' },
    ],
    [i18n.language, t, user?.org.time_zone],
  );

  return (
    <Card
      title={
        <Space>
          <Link to="/automation/rules" aria-label={t('rules:designer.back')}>
            <ArrowLeftOutlined />
          </Link>
          {t('rules:runs.title', { name: rule?.name ?? `#${ruleId}` })}
        </Space>
      }
      extra={<Button icon={<ReloadOutlined />} onClick={() => void list.reload()} aria-label={t('common:action.reload')} />}
    >
      {list.error && <Alert type="error" showIcon message={list.error} style={{ marginBottom: 16 }} />}
      <div data-testid="runs-table">
        <Table<Run>
          rowKey="id"
          columns={columns}
          dataSource={list.items}
          loading={list.loading && list.items.length === 0}
          pagination={false}
          scroll={{ x: 'max-content' }}
          footer={() => <LoadMore count={list.items.length} hasMore={list.hasMore} loading={list.loading} onLoadMore={() => void list.loadMore()} />}
        />
      </div>
    </Card>
  );
}
