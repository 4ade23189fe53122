// /automation/rules: the organisation's rules with their trigger in words, an on/off switch, the last run
// and why the server switched a rule off; edit, run log, and delete after confirmation.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { PlusOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import * as api from '../../api/rules';
import type { Rule } from '../../api/rules';
import { useAuth } from '../../auth/AuthContext';
import { errorMessage } from '../../components/formErrors';
import { formatDateTime } from '../../components/format';
import { useEntities } from '../../forms/useCatalog';
import { triggerSummary } from './trigger';

export default function RulesPage() {
  const { t, i18n } = useTranslation(['rules', 'common']);
  const { user } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const entities = useEntities();
  const [rules, setRules] = useState<Rule[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [switching, setSwitching] = useState<number | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setRules((await api.listRules()).items);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const toggle = useCallback(
    async (rule: Rule, enabled: boolean) => {
      setSwitching(rule.id);
      try {
        const saved = await api.setRuleEnabled(rule.id, enabled);
        setRules((list) => list.map((r) => (r.id === saved.id ? saved : r)));
        void message.success(t(enabled ? 'rules:list.switchedOn' : 'rules:list.switchedOff', { name: rule.name }));
      } catch (caught) {
        void message.error(errorMessage(caught));
      } finally {
        setSwitching(null);
      }
    },
    [message, t],
  );

  const remove = useCallback(
    async (rule: Rule) => {
      try {
        await api.deleteRule(rule.id);
        setRules((list) => list.filter((r) => r.id !== rule.id));
        void message.success(t('rules:list.deleted', { name: rule.name }));
      } catch (caught) {
        void message.error(errorMessage(caught));
      }
    },
    [message, t],
  );

  const columns = useMemo<TableColumnsType<Rule>>(() => {
    const entity = (name: string) => entities.data?.find((e) => e.name === name);
    const english = i18n.language === 'en-US';
    return [
      {
        title: t('rules:list.name'),
        key: 'name',
        render: (_: unknown, rule) => (
          <Space direction="vertical" size={0}>
            <Link to={`/automation/rules/${rule.id}`}>{rule.name}</Link>
            {rule.disabled_reason && (
              <Tag color="warning" icon={<WarningOutlined />} data-testid={`rule-${rule.id}-disabled`}>
                {t('rules:list.disabled', { reason: rule.disabled_reason })}
              </Tag>
            )}
          </Space>
        ),
      },
      { title: t('rules:list.entity'), key: 'entity', render: (_: unknown, rule) => entity(rule.entity)?.label ?? rule.entity },
      {
        title: t('rules:list.trigger'),
        key: 'trigger',
        render: (_: unknown, rule) => <span data-testid={`rule-${rule.id}-trigger`}>{triggerSummary(rule.trigger, entity(rule.entity), i18n.getFixedT(i18n.language, 'rules'), english)}</span>,
      },
      {
        title: t('rules:list.enabled'),
        key: 'enabled',
        render: (_: unknown, rule) => (
          <Switch checked={rule.enabled} loading={switching === rule.id} onChange={(on) => void toggle(rule, on)} data-testid={`rule-${rule.id}-enabled`} />
        ),
      },
      {
        title: t('rules:list.lastRun'),
        key: 'last_run_at',
        render: (_: unknown, rule) =>
          rule.last_run_at ? formatDateTime(rule.last_run_at, user?.org.time_zone, i18n.language) : <Typography.Text type="secondary">{t('rules:list.never')}</Typography.Text>,
      },
      {
        title: t('rules:list.actions'),
        key: 'actions',
        render: (_: unknown, rule) => (
          <Space size={0} wrap>
            <Button type="link" size="small" onClick={() => navigate(`/automation/rules/${rule.id}`)}>
              {t('rules:list.edit')}
            </Button>
            <Button type="link" size="small" onClick={() => navigate(`/automation/rules/${rule.id}/runs`)} data-testid={`rule-${rule.id}-runs`}>
              {t('rules:list.runs')}
            </Button>
            <Popconfirm
              title={t('rules:list.deleteConfirm', { name: rule.name })}
              okText={t('rules:list.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common:action.cancel')}
              onConfirm={() => remove(rule)}
            >
              <Button type="link" size="small" danger data-testid={`rule-${rule.id}-delete`}>
                {t('rules:list.delete')}
              </Button>
            </Popconfirm>
          </Space>
        ),
      },
    ];
  }, [entities.data, i18n, navigate, remove, switching, t, toggle, user?.org.time_zone]);

  return (
    <Card
      title={t('rules:list.title')}
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} onClick={() => void load()} aria-label={t('common:action.reload')} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/automation/rules/new')} data-testid="create-rule">
            {t('rules:list.create')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('rules:list.intro')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <div data-testid="rules-table">
        <Table<Rule> rowKey="id" columns={columns} dataSource={rules} loading={loading} pagination={false} scroll={{ x: 'max-content' }} locale={{ emptyText: t('rules:list.empty') }} />
      </div>
    </Card>
  );
}
