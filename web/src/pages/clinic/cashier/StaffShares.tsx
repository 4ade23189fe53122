// Who the sale counts for: staff with their share in percent (together 100 %). It starts as the
// customer's consultant at 100 %; adding someone splits evenly, and the shares can then be typed.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, InputNumber, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StaffShare } from '../../../api/clinic';
import StaffSelect from '../shared/StaffSelect';
import { evenShares, sharesValid } from './cart';

export default function StaffShares({ value, onChange }: { value: StaffShare[]; onChange: (value: StaffShare[]) => void }) {
  const { t } = useTranslation('clinic');
  const set = (i: number, change: Partial<StaffShare>) => onChange(value.map((s, j) => (i === j ? { ...s, ...change } : s)));
  const sum = value.reduce((s, x) => s + x.share_pct, 0);
  return (
    <div data-testid="staff-shares">
      {value.map((s, i) => (
        <Space key={i} style={{ marginBottom: 8 }} wrap>
          <div style={{ width: 220 }}>
            <StaffSelect value={s.user_id || null} onChange={(id) => set(i, { user_id: id ?? 0 })} prefer={['consultant']} testId={`staff-${i}`} />
          </div>
          <InputNumber min={1} max={100} precision={0} suffix="%" value={s.share_pct} onChange={(v) => set(i, { share_pct: v ?? 0 })} style={{ width: 100 }} data-testid={`staff-${i}-share`} />
          <Button type="text" danger icon={<DeleteOutlined />} aria-label={t('cashier.removeStaff')} onClick={() => onChange(value.filter((_, j) => j !== i))} />
        </Space>
      ))}
      <Space>
        <Button size="small" icon={<PlusOutlined />} onClick={() => onChange(evenShares([...value.map((s) => s.user_id), 0]))} data-testid="staff-add">
          {t('cashier.addStaff')}
        </Button>
        {value.length > 0 && !sharesValid(value) && <Typography.Text type="danger">{t('cashier.sharesSum', { sum })}</Typography.Text>}
        {value.length === 0 && <Typography.Text type="secondary">{t('cashier.noStaff')}</Typography.Text>}
      </Space>
    </div>
  );
}
