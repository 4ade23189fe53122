// /data: the entities (forms) whose records the user may open, each a link to its list page.
import { DatabaseOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, List, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasPermission } from '../../access';
import { useAuth } from '../../auth/AuthContext';
import { useEntities } from '../../forms/useCatalog';

export default function DataHomePage() {
  const { t } = useTranslation('records');
  const { user } = useAuth();
  const entities = useEntities();
  const readable = (entities.data ?? []).filter((e) => hasPermission(user?.permissions ?? [], `data.${e.name}.read`));
  return (
    <Card title={t('home.title')}>
      {entities.error && <Alert type="error" showIcon message={entities.error} />}
      {entities.loading && !entities.data ? (
        <Spin />
      ) : readable.length === 0 ? (
        <Empty description={t('home.empty')} />
      ) : (
        <List
          grid={{ gutter: 16, xs: 1, sm: 2, md: 3, lg: 4 }}
          dataSource={readable}
          data-testid="entity-list"
          renderItem={(e) => (
            <List.Item>
              <Link to={`/data/${e.name}`} data-testid={`entity-${e.name}`}>
                <Card hoverable size="small">
                  <Typography.Text strong>
                    <DatabaseOutlined /> {e.label}
                  </Typography.Text>
                  <div>
                    <Typography.Text type="secondary">{t('home.fields', { count: e.fields.filter((f) => !f.retired).length })}</Typography.Text>
                  </div>
                </Card>
              </Link>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
