// The value part of the 360 page: spend, visits, RFM, activity, churn risk and the predicted next visits.
import { Alert, Col, List, Row, Statistic, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CustomerValue } from '../../../api/clinic';
import { formatFen } from '../shared/money';

const activityColor = { active: 'green', dormant: 'orange', churned: 'red' } as const;

export default function ValuePanel({ value }: { value: CustomerValue }) {
  const { t } = useTranslation('clinic');
  return (
    <div data-testid="customer-value">
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title={t('value.totalSpend')} value={formatFen(value.total_spend_fen)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('value.visits')} value={value.visits} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('value.ltv')} value={formatFen(value.ltv_fen)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('value.avgInterval')} value={value.avg_interval_days ?? '—'} suffix={value.avg_interval_days !== null ? t('value.days') : undefined} />
        </Col>
      </Row>
      <div style={{ marginTop: 12 }}>
        <Tag color={activityColor[value.activity]} data-testid="value-activity">
          {t(`activity.${value.activity}`)}
        </Tag>
        <Tag data-testid="value-rfm">
          RFM {value.rfm.r}-{value.rfm.f}-{value.rfm.m} · {value.rfm.segment}
        </Tag>
        {value.last_visit && <Typography.Text type="secondary">{t('value.lastVisit', { date: value.last_visit.slice(0, 10) })}</Typography.Text>}
      </div>
      {value.churn_risk && <Alert type="warning" showIcon message={t('value.churnRisk')} style={{ marginTop: 12 }} data-testid="value-churn-risk" />}
      {value.next_visits.length > 0 && (
        <List
          size="small"
          header={<Typography.Text strong>{t('value.nextVisits')}</Typography.Text>}
          dataSource={value.next_visits}
          renderItem={(v) => (
            <List.Item>
              {v.name} · {v.predicted_on}{' '}
              <Typography.Text type="secondary">({t(v.basis === 'own' ? 'value.basisOwn' : 'value.basisPopulation')})</Typography.Text>
            </List.Item>
          )}
        />
      )}
    </div>
  );
}
