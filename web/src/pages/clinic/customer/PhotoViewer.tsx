// Before/after photos of a customer (GET /customers/{id}/photos): one row per treatment, the before
// photos on the left and the after photos on the right, side by side; click one to enlarge.
import { useEffect, useState } from 'react';
import { Alert, Col, Empty, Image, Row, Space, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import * as clinic from '../../../api/clinic';
import type { PhotoSet } from '../../../api/clinic';
import { fileUrl } from '../../../api/files';
import { errorMessage } from '../../../components/formErrors';

function Photos({ ids, label }: { ids: string[]; label: string }) {
  const { t } = useTranslation('clinic');
  return (
    <div>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <div style={{ marginTop: 4 }}>
        {ids.length === 0 ? (
          <Typography.Text type="secondary">{t('photos.none')}</Typography.Text>
        ) : (
          <Space wrap>
            {ids.map((id) => (
              <Image key={id} src={fileUrl(id)} width={160} height={160} style={{ objectFit: 'cover' }} alt={label} />
            ))}
          </Space>
        )}
      </div>
    </div>
  );
}

export default function PhotoViewer({ customerId, formatTime }: { customerId: number; formatTime: (iso: string) => string }) {
  const { t } = useTranslation('clinic');
  const [sets, setSets] = useState<PhotoSet[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    clinic.customerPhotos(customerId).then(
      (reply) => live && setSets(reply.items),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [customerId]);
  if (error) return <Alert type="error" showIcon message={error} />;
  if (!sets) return <Spin />;
  if (sets.length === 0) return <Empty description={t('photos.empty')} />;
  return (
    <Image.PreviewGroup>
      <div data-testid="photo-viewer">
        {sets.map((set, i) => (
          <div key={`${set.treatment_id ?? 'd'}-${i}`} style={{ borderBottom: '1px solid #f0f0f0', padding: '12px 0' }}>
            <Typography.Text strong>
              {set.service ?? t('photos.diagnosis')}
              {set.treated_at && <Typography.Text type="secondary"> · {formatTime(set.treated_at)}</Typography.Text>}
            </Typography.Text>
            <Row gutter={16} style={{ marginTop: 8 }}>
              <Col xs={24} md={12}>
                <Photos ids={set.before} label={t('photos.before')} />
              </Col>
              <Col xs={24} md={12}>
                <Photos ids={set.after} label={t('photos.after')} />
              </Col>
            </Row>
          </div>
        ))}
      </div>
    </Image.PreviewGroup>
  );
}
