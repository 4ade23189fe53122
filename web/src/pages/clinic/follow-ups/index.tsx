// /follow-ups (回访): my follow-ups (GET /me/follow-ups), due first. Each is completed with the outcome,
// the customer's satisfaction (1-5 stars) and recovery photos, or marked unreachable
// (POST /follow-ups/{id}/complete).
import { useCallback, useEffect, useState } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Form, Input, List, Modal, Radio, Rate, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import * as clinic from '../../../api/clinic';
import type { FollowUp } from '../../../api/clinic';
import { refsOf } from '../../../api/files';
import { useAuth } from '../../../auth/AuthContext';
import { applyFieldErrors, errorMessage } from '../../../components/formErrors';
import AttachmentInput from '../../../forms/components/AttachmentInput';

type Tab = 'pending' | 'done';

interface Values {
  status: 'done' | 'unreachable';
  outcome?: string;
  satisfaction?: number;
  photos?: unknown;
}

/** Today in the organisation's time zone, YYYY-MM-DD. */
export function todayIn(timeZone: string | undefined, now = new Date()): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  } catch {
    return now.toISOString().slice(0, 10);
  }
}

function CompleteModal({ item, onClose, onDone }: { item: FollowUp; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation(['clinic', 'common']);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const status = Form.useWatch('status', form);
  const save = async (values: Values) => {
    setSaving(true);
    try {
      await clinic.completeFollowUp(item.id, {
        status: values.status,
        outcome: values.outcome?.trim() ?? '',
        ...(values.status === 'done' ? { satisfaction: values.satisfaction ?? 5, photos: refsOf(values.photos).map((r) => r.id) } : {}),
      });
      void message.success(t('clinic:followUp.completed', { name: item.customer_name }));
      onDone();
    } catch (e) {
      if (!applyFieldErrors(form, e, ['status', 'outcome', 'satisfaction', 'photos'])) void message.error(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={t('clinic:followUp.completeTitle', { name: item.customer_name })} okText={t('common:action.save')} cancelText={t('common:action.cancel')} confirmLoading={saving} onCancel={onClose} onOk={() => form.submit()} destroyOnHidden>
      <Form<Values> form={form} layout="vertical" initialValues={{ status: 'done', satisfaction: 5 }} onFinish={(v) => void save(v)} data-testid="follow-up-form">
        <Form.Item name="status" label={t('clinic:followUp.result')}>
          <Radio.Group
            options={[
              { value: 'done', label: t('clinic:followUp.status.done') },
              { value: 'unreachable', label: t('clinic:followUp.status.unreachable') },
            ]}
            optionType="button"
          />
        </Form.Item>
        <Form.Item name="outcome" label={t('clinic:followUp.outcome')} rules={[{ required: status !== 'unreachable', message: t('clinic:followUp.outcomeRequired') }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={1000} placeholder={t('clinic:followUp.outcomeHint')} data-testid="follow-up-outcome" />
        </Form.Item>
        {status !== 'unreachable' && (
          <>
            <Form.Item name="satisfaction" label={t('clinic:followUp.satisfaction')}>
              <Rate allowClear={false} data-testid="follow-up-satisfaction" />
            </Form.Item>
            <Form.Item name="photos" label={t('clinic:followUp.photos')}>
              <AttachmentInput field={{ name: 'photos', type: 'image', options: { max_count: 9 } }} />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

function FollowUpList({ tab }: { tab: Tab }) {
  const { t } = useTranslation('clinic');
  const { user } = useAuth();
  const [items, setItems] = useState<FollowUp[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [completing, setCompleting] = useState<FollowUp | null>(null);
  const today = todayIn(user?.org.time_zone);
  const load = useCallback(() => {
    setError(null);
    clinic.myFollowUps(tab).then(
      (reply) => setItems(reply.items),
      (e: unknown) => setError(errorMessage(e)),
    );
  }, [tab]);
  useEffect(load, [load]);

  if (error) return <Alert type="error" showIcon message={error} />;
  if (!items) return <Spin />;
  if (items.length === 0) return <Empty description={t(tab === 'pending' ? 'followUp.empty' : 'followUp.emptyDone')} />;
  return (
    <>
      <List
        dataSource={items}
        renderItem={(f) => {
          const due = typeof f.due_on === 'string' ? f.due_on : '';
          const overdue = tab === 'pending' && due !== '' && due < today;
          return (
            <List.Item
              data-testid={`my-follow-up-${f.id}`}
              actions={
                tab === 'pending'
                  ? [
                      <Button key="done" type="primary" size="small" onClick={() => setCompleting(f)} data-testid={`my-follow-up-${f.id}-complete`}>
                        {t('followUp.complete')}
                      </Button>,
                    ]
                  : undefined
              }
            >
              <List.Item.Meta
                title={
                  <Space wrap>
                    {typeof f.customer === 'number' ? <Link to={`/customers/${f.customer}`}>{f.customer_name}</Link> : f.customer_name}
                    {typeof f.day === 'number' && <Tag>{t('followUp.day', { day: f.day })}</Tag>}
                    {overdue && <Tag color="red">{t('followUp.overdue')}</Tag>}
                    {tab === 'done' && typeof f.status === 'string' && <Tag>{t(`followUp.status.${f.status as 'done'}`, { defaultValue: f.status })}</Tag>}
                  </Space>
                }
                description={
                  <span>
                    {t('followUp.dueOn', { date: due })}
                    {typeof f.outcome === 'string' && f.outcome && <Typography.Paragraph style={{ margin: 0 }} ellipsis={{ rows: 2 }}>{f.outcome}</Typography.Paragraph>}
                  </span>
                }
              />
            </List.Item>
          );
        }}
      />
      {completing && (
        <CompleteModal
          item={completing}
          onClose={() => setCompleting(null)}
          onDone={() => {
            setCompleting(null);
            load();
          }}
        />
      )}
    </>
  );
}

export default function FollowUpsPage() {
  const { t } = useTranslation(['clinic', 'common']);
  const [tab, setTab] = useState<Tab>('pending');
  const [generation, setGeneration] = useState(0);
  return (
    <Card
      title={t('clinic:followUp.title')}
      extra={<Button icon={<ReloadOutlined />} onClick={() => setGeneration((g) => g + 1)} aria-label={t('common:action.reload')} />}
      style={{ maxWidth: 860 }}
    >
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        items={(['pending', 'done'] as const).map((key) => ({
          key,
          label: <span data-testid={`follow-ups-tab-${key}`}>{t(`clinic:followUp.tab.${key}`)}</span>,
          children: tab === key ? <FollowUpList key={`${key}-${generation}`} tab={key} /> : null,
        }))}
      />
    </Card>
  );
}
