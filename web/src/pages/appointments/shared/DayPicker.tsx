// A day switcher for the boards and lists: previous, the date (the browser's date input), next, and
// today. Days are YYYY-MM-DD in the organisation's zone; `stepDays` is 7 on the week board.
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Input, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { addDays } from '../time';
import type { Day } from '../time';

interface Props {
  value: Day;
  today: Day;
  onChange: (day: Day) => void;
  stepDays?: number;
  testId?: string;
}

export default function DayPicker({ value, today, onChange, stepDays = 1, testId = 'day' }: Props) {
  const { t } = useTranslation('appointments');
  return (
    <Space.Compact>
      <Button icon={<LeftOutlined />} onClick={() => onChange(addDays(value, -stepDays))} aria-label={t('day.prev')} data-testid={`${testId}-prev`} />
      <Input
        type="date"
        value={value}
        onChange={(e) => /^\d{4}-\d{2}-\d{2}$/.test(e.target.value) && onChange(e.target.value)}
        style={{ width: 150 }}
        data-testid={`${testId}-input`}
      />
      <Button icon={<RightOutlined />} onClick={() => onChange(addDays(value, stepDays))} aria-label={t('day.next')} data-testid={`${testId}-next`} />
      <Button onClick={() => onChange(today)} disabled={value === today} data-testid={`${testId}-today`}>
        {t('day.today')}
      </Button>
    </Space.Compact>
  );
}
