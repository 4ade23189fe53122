// Picks a staff member (their login account's user id), optionally only those of some positions first.
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { positionLabel } from './labels';
import { useStaff } from './useStaff';

interface Props {
  value?: number | null;
  onChange?: (userId: number | null) => void;
  /** Positions listed first (e.g. ["nurse"] for the nurse picker). */
  prefer?: string[];
  placeholder?: string;
  testId?: string;
  id?: string;
}

export default function StaffSelect({ value, onChange, prefer = [], placeholder, testId, id }: Props) {
  const { t } = useTranslation('clinic');
  const { staff, error } = useStaff();
  const rank = (position: string | null) => (position && prefer.includes(position) ? 0 : 1);
  const options = [...staff]
    .sort((a, b) => rank(a.position) - rank(b.position))
    .map((s) => ({ value: s.userId, label: s.position ? `${s.name}（${positionLabel(t, s.position)}）` : s.name }));
  return (
    <Select<number | null>
      id={id}
      showSearch
      allowClear
      optionFilterProp="label"
      value={value ?? null}
      onChange={(v) => onChange?.(v ?? null)}
      options={options}
      placeholder={placeholder ?? t('staff.pick')}
      status={error ? 'error' : undefined}
      notFoundContent={error ?? undefined}
      style={{ width: '100%', minWidth: 180 }}
      data-testid={testId}
    />
  );
}
