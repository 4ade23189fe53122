// Picks a customer by name or mobile number (see customerSearch.ts); shows "name（phone）" with the phone
// as the server sends it (masked for roles without unmask).
import { useEffect, useRef, useState } from 'react';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import * as records from '../../../api/records';
import type { RecordRow } from '../../../api/records';
import { customerQuery } from './customerSearch';

export function customerLabel(row: RecordRow): string {
  const name = typeof row.name === 'string' && row.name ? row.name : `#${row.id}`;
  return typeof row.phone === 'string' && row.phone ? `${name}（${row.phone}）` : name;
}

interface Props {
  value: number | null;
  onChange: (row: RecordRow | null) => void;
  testId?: string;
  disabled?: boolean;
}

export default function CustomerSelect({ value, onChange, testId = 'customer-select', disabled }: Props) {
  const { t } = useTranslation('clinic');
  const [rows, setRows] = useState<RecordRow[]>([]);
  const [loading, setLoading] = useState(false);
  const generation = useRef(0);

  const search = (text: string) => {
    const mine = ++generation.current;
    setLoading(true);
    records.listRecords('customer', customerQuery(text)).then(
      (page) => {
        if (mine !== generation.current) return;
        setRows(page.items);
        setLoading(false);
      },
      () => mine === generation.current && setLoading(false),
    );
  };
  useEffect(() => search(''), []);

  return (
    <Select<number | null>
      showSearch
      allowClear
      disabled={disabled}
      value={value}
      filterOption={false}
      onSearch={search}
      loading={loading}
      onChange={(id) => onChange(rows.find((r) => r.id === id) ?? null)}
      options={rows.map((r) => ({ value: r.id, label: customerLabel(r) }))}
      placeholder={t('customer.pick')}
      notFoundContent={loading ? t('loading') : t('customer.noMatch')}
      style={{ width: '100%', minWidth: 240 }}
      data-testid={testId}
    />
  );
}
