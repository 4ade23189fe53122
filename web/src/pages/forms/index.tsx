// /forms: the entities (forms) of the organisation, for people who design them; a new one opens the
// designer, which creates it on the first publish.
import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import type { Entity } from '../../api/schema';
import { useEntities } from '../../forms/useCatalog';
import CreateEntityModal from './CreateEntityModal';

export default function FormsPage() {
  const { t } = useTranslation(['forms', 'common']);
  const navigate = useNavigate();
  const entities = useEntities();
  const [creating, setCreating] = useState(false);
  return (
    <Card
      title={t('forms:list.title')}
      extra={
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="create-entity">
          {t('forms:list.create')}
        </Button>
      }
    >
      {entities.error && <Alert type="error" showIcon message={entities.error} style={{ marginBottom: 16 }} />}
      <Table<Entity>
        rowKey="name"
        loading={entities.loading}
        dataSource={entities.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="entities-table"
        columns={[
          { title: t('forms:entity.label'), dataIndex: 'label', key: 'label', render: (label: string, e) => <Space>{label}{e.system && <Tag>{t('forms:list.system')}</Tag>}</Space> },
          { title: t('forms:entity.name'), dataIndex: 'name', key: 'name' },
          { title: t('forms:list.fieldCount'), key: 'fields', render: (_: unknown, e) => e.fields.filter((f) => !f.retired).length },
          {
            title: t('forms:list.actions'),
            key: 'actions',
            render: (_: unknown, e) => (
              <Space>
                <Link to={`/forms/${e.name}/design`} data-testid={`design-${e.name}`}>{t('forms:list.design')}</Link>
                <Link to={`/data/${e.name}`}>{t('forms:list.records')}</Link>
              </Space>
            ),
          },
        ]}
      />
      <CreateEntityModal
        open={creating}
        taken={(entities.data ?? []).map((e) => e.name)}
        onClose={() => setCreating(false)}
        onCreate={(name, label) => navigate(`/forms/${name}/design?${new URLSearchParams({ new: '1', label }).toString()}`)}
      />
    </Card>
  );
}
