import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import * as api from '../../api/endpoints';
import type { Health } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';
import { errorMessage } from '../../components/formErrors';

function useHealth() {
  const [health, setHealth] = useState<Health | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const load = useCallback(async () => {
    setLoading(true);
    setError(null);
    try {
      setHealth(await api.health());
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  return { health, error, loading, reload: load };
}

export default function HomePage() {
  const { t } = useTranslation(['home', 'common']);
  const { user } = useAuth();
  const { health, error, loading, reload } = useHealth();
  if (!user) return null;
  const healthy = health?.status === 'ok' && health.database.ok;

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Card>
        <Typography.Title level={3} style={{ marginTop: 0 }} data-testid="welcome">
          {t('home:welcome', { name: user.display_name })}
        </Typography.Title>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }}>
          <Descriptions.Item label={t('home:org')}>{user.org.name}</Descriptions.Item>
          <Descriptions.Item label={t('home:timeZone')}>{user.org.time_zone}</Descriptions.Item>
          <Descriptions.Item label={t('home:roles')}>
            {user.roles.map((role) => (
              <Tag key={role}>{role}</Tag>
            ))}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card title={t('home:server')} loading={loading && !health} data-testid="server-card">
            {error ? (
              <Alert
                type="error"
                showIcon
                message={t('home:healthFailed')}
                description={error}
                action={<Button onClick={() => void reload()}>{t('common:action.retry')}</Button>}
              />
            ) : (
              health && (
                <Descriptions column={1} size="small">
                  <Descriptions.Item label={t('home:status')}>
                    <Tag color={healthy ? 'success' : 'error'} data-testid="server-status">
                      {healthy ? t('home:statusOk') : t('home:statusBad')}
                    </Tag>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('home:version')}>
                    <span data-testid="server-version">{health.version}</span>
                  </Descriptions.Item>
                  <Descriptions.Item label={t('home:schemaVersion')}>{health.schema_version}</Descriptions.Item>
                  <Descriptions.Item label={t('home:database')}>{health.database.engine}</Descriptions.Item>
                </Descriptions>
              )
            )}
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
