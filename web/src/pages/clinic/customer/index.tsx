// /customers/:id — the customer 360 page: profile (masked as the server sends it), value, cards with
// sessions and balances, treatments, open follow-ups, relationships, before/after photos and the timeline.
// Loads GET /customers/{id}/summary; photos and timeline load when their tab opens.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { EditOutlined, MedicineBoxOutlined, ReloadOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { Button, Card, Col, Empty, List, Result, Row, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { hasPermission } from '../../../access';
import * as clinic from '../../../api/clinic';
import type { CustomerSummary, Relationships } from '../../../api/clinic';
import type { RecordRow } from '../../../api/records';
import { useAuth } from '../../../auth/AuthContext';
import { errorMessage } from '../../../components/formErrors';
import { formatDateTime } from '../../../components/format';
import { useEntity } from '../../../forms/useCatalog';
import { useItems } from '../shared/useItems';
import { staffName, useStaff } from '../shared/useStaff';
import CardsTable from './CardsTable';
import PhotoViewer from './PhotoViewer';
import Profile from './Profile';
import Timeline from './Timeline';
import ValuePanel from './ValuePanel';

const relationKinds = ['family', 'friend', 'colleague', 'other'] as const;

function RelationshipList({ value }: { value: Relationships }) {
  const { t } = useTranslation('clinic');
  const link = (r: { id: number; name: string }) => (
    <Link key={r.id} to={`/customers/${r.id}`}>
      {r.name}
    </Link>
  );
  const rows = [
    ...(value.referrer ? [{ key: 'referrer', label: t('relations.referrer'), content: link(value.referrer) }] : []),
    ...value.referred.map((r) => ({ key: `referred-${r.id}`, label: t('relations.referred'), content: link(r) })),
    ...value.relations.map((r) => ({
      key: `relation-${r.id}`,
      label: (relationKinds as readonly string[]).includes(r.kind) ? t(`relations.kind.${r.kind as 'family'}`) : r.kind,
      content: link(r.customer),
    })),
  ];
  if (rows.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('relations.empty')} />;
  return <List size="small" dataSource={rows} renderItem={(r) => <List.Item>{r.label}：{r.content}</List.Item>} data-testid="customer-relations" />;
}

export default function CustomerPage() {
  const { t, i18n } = useTranslation(['clinic', 'common']);
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const navigate = useNavigate();
  const { user } = useAuth();
  const { staff } = useStaff();
  const { items: services } = useItems('service');
  const entity = useEntity('customer');
  const [summary, setSummary] = useState<CustomerSummary | null>(null);
  const [error, setError] = useState<{ code: string; message: string } | null>(null);
  const [tab, setTab] = useState('treatments');
  const can = (p: string) => hasPermission(user?.permissions ?? [], p);
  const formatTime = useCallback((iso: string) => formatDateTime(iso, user?.org.time_zone, i18n.language).slice(0, 16), [user?.org.time_zone, i18n.language]);
  const serviceNames = useMemo(() => Object.fromEntries(services.map((s) => [s.id, s.name])), [services]);

  const load = useCallback(() => {
    setError(null);
    clinic.customerSummary(id).then(setSummary, (e: unknown) => setError({ code: (e as { code?: string }).code ?? '', message: errorMessage(e) }));
  }, [id]);
  useEffect(() => {
    if (Number.isInteger(id) && id > 0) load();
    else setError({ code: 'customer.not_found', message: t('clinic:customer.notFound') });
  }, [id, load, t]);

  if (error) {
    return (
      <Result
        status={error.code === 'customer.not_found' ? '404' : 'error'}
        title={error.message}
        extra={<Button onClick={() => navigate('/customers')}>{t('clinic:customers.back')}</Button>}
      />
    );
  }
  if (!summary) return <Spin data-testid="customer-loading" />;
  const c = summary.customer;

  const treatmentColumns = [
    { title: t('clinic:treatment.treatedAt'), key: 'at', render: (_: unknown, r: RecordRow) => (typeof r.treated_at === 'string' ? formatTime(r.treated_at) : '') },
    { title: t('clinic:treatment.service'), key: 'service', render: (_: unknown, r: RecordRow) => serviceNames[r.service as number] ?? (r.service ? `#${String(r.service)}` : '') },
    { title: t('clinic:treatment.status'), key: 'status', render: (_: unknown, r: RecordRow) => (typeof r.status === 'string' ? t(`clinic:treatmentStatus.${r.status as 'completed'}`, { defaultValue: r.status }) : '') },
    { title: t('clinic:treatment.practitioner'), key: 'practitioner', render: (_: unknown, r: RecordRow) => staffName(staff, r.practitioner) },
    { title: t('clinic:treatment.nurse'), key: 'nurse', render: (_: unknown, r: RecordRow) => staffName(staff, r.nurse) },
  ];

  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }} data-testid="customer-360">
      <Card
        title={
          <Space wrap>
            <span data-testid="customer-name">{String(c.name ?? `#${c.id}`)}</span>
            {typeof c.level === 'string' && c.level !== 'normal' && <Tag color="gold">{t(`clinic:level.${c.level as 'gold'}`, { defaultValue: c.level })}</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {can('order.create') && (
              <Button icon={<ShoppingCartOutlined />} onClick={() => navigate(`/cashier?customer=${c.id}`)} data-testid="go-cashier">
                {t('clinic:customer.toCashier')}
              </Button>
            )}
            {can('treatment.record') && (
              <Button icon={<MedicineBoxOutlined />} onClick={() => navigate(`/treatments/new?customer=${c.id}`)} data-testid="go-treatment">
                {t('clinic:customer.toTreatment')}
              </Button>
            )}
            {can('data.customer.update') && (
              <Button icon={<EditOutlined />} onClick={() => navigate(`/data/customer/${c.id}/edit`)}>
                {t('common:action.edit')}
              </Button>
            )}
            <Button icon={<ReloadOutlined />} onClick={load} aria-label={t('common:action.reload')} data-testid="customer-reload" />
          </Space>
        }
      >
        <Profile entity={entity.data} customer={c} referrerName={summary.relationships.referrer?.name} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('clinic:value.title')} style={{ height: '100%' }}>
            <ValuePanel value={summary.value} />
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <Card title={t('clinic:card.title')} style={{ height: '100%' }}>
            <CardsTable cards={summary.cards} serviceNames={serviceNames} />
          </Card>
        </Col>
      </Row>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'treatments',
              label: t('clinic:customer.tabs.treatments'),
              children: <Table<RecordRow> rowKey="id" size="small" columns={treatmentColumns} dataSource={summary.treatments} pagination={false} scroll={{ x: 'max-content' }} data-testid="customer-treatments" />,
            },
            {
              key: 'follow-ups',
              label: <span data-testid="tab-follow-ups">{t('clinic:customer.tabs.followUps', { count: summary.follow_ups.length })}</span>,
              children:
                summary.follow_ups.length === 0 ? (
                  <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('clinic:followUp.noneOpen')} />
                ) : (
                  <List
                    size="small"
                    dataSource={summary.follow_ups}
                    data-testid="customer-follow-ups"
                    renderItem={(f) => (
                      <List.Item data-testid={`follow-up-${f.id}`}>
                        <Space wrap>
                          <Typography.Text strong>{String(f.due_on ?? '')}</Typography.Text>
                          {typeof f.day === 'number' && <Tag data-testid={`follow-up-${f.id}-day`}>{t('clinic:followUp.day', { day: f.day })}</Tag>}
                          <span data-testid={`follow-up-${f.id}-assignee`}>{staffName(staff, f.assignee)}</span>
                        </Space>
                      </List.Item>
                    )}
                  />
                ),
            },
            { key: 'photos', label: t('clinic:customer.tabs.photos'), children: tab === 'photos' ? <PhotoViewer customerId={c.id} formatTime={formatTime} /> : null },
            { key: 'relations', label: t('clinic:customer.tabs.relations'), children: <RelationshipList value={summary.relationships} /> },
            { key: 'timeline', label: t('clinic:customer.tabs.timeline'), children: tab === 'timeline' ? <Timeline customerId={c.id} formatTime={formatTime} /> : null },
          ]}
        />
      </Card>
    </Space>
  );
}
